package io.lambdascope.extension.receive;

/** An OTLP payload that cannot be read; its message says why, for the client's 400 answer. */
public final class MalformedPayloadException extends RuntimeException {

    MalformedPayloadException(String message) {
        super(message, null, false, false);
    }
}
