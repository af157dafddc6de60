package io.lambdascope.extension.aws;

/**
 * An AWS call that failed: refused by the service ({@code AccessDeniedException}, HTTP 403), or
 * never answered (no credentials, a timeout). The message names the operation and the error code;
 * never a request's or an answer's content, so it may be logged.
 */
public final class AwsException extends RuntimeException {

    private final String operation;
    private final String code;
    private final int status;

    /**
     * A failure.
     *
     * @param operation the call, e.g. {@code lambda:ListTags}
     * @param code the service's error code, or what failed locally (e.g. {@code SocketTimeoutException})
     * @param status the HTTP status of the answer; 0 when there was none
     */
    public AwsException(String operation, String code, int status) {
        super(operation + " failed: " + code + (status > 0 ? " (HTTP " + status + ")" : ""));
        this.operation = operation;
        this.code = code;
        this.status = status;
    }

    /** The call, which is also the IAM action it needs, e.g. {@code lambda:ListTags}. */
    public String operation() {
        return operation;
    }

    /** The service's error code, or what failed locally. */
    public String code() {
        return code;
    }

    /** The HTTP status of the answer; 0 when there was none. */
    public int status() {
        return status;
    }
}
