package io.lambdascope.sandbox.telemetry;

/**
 * A subscription request Lambda would refuse with 400; carries Lambda's {@code errorType} and
 * an {@code errorMessage} that names the offending field.
 */
public final class InvalidSubscriptionException extends RuntimeException {

    /** Lambda's error type for a well-formed request with a bad value. */
    public static final String VALIDATION_ERROR = "ValidationError";
    /** Lambda's error type for a body that is not the expected JSON document. */
    public static final String INVALID_REQUEST_FORMAT = "InvalidRequestFormat";

    private final String errorType;

    InvalidSubscriptionException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    /** Lambda's {@code errorType}, e.g. {@value #VALIDATION_ERROR}. */
    public String errorType() {
        return errorType;
    }
}
