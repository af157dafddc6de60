package io.lambdascope.sandbox.http;

import java.io.IOException;

/**
 * The peer sent something that is not HTTP/1.1: the server answers {@link #status()} (400 unless
 * said otherwise) and closes the connection, because it can no longer tell where the next request
 * starts.
 */
final class MalformedRequestException extends IOException {

    private final int status;

    MalformedRequestException(String message) {
        this(400, message);
    }

    MalformedRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
