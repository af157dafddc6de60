package io.lambdascope.sandbox.http;

/**
 * A request body is larger than the caller of {@link HttpExchange#readBody(long)} accepts. The
 * server still drains the rest of the body after the handler answers, or closes the connection
 * when the rest is too large to drain.
 */
public final class BodyTooLargeException extends Exception {

    private final long limit;

    /** A body over {@code limit} bytes. */
    public BodyTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    /** The largest body the caller accepted, in bytes. */
    public long limit() {
        return limit;
    }
}
