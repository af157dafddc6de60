package io.lambdascope.sandbox.runtime;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One invocation as the Runtime API sees it: the request handed to the runtime and, once the
 * runtime answers, its outcome, with the moments the platform reports on.
 */
public final class Invocation {

    /** What {@code invocation/next} hands the runtime. */
    public record Request(String requestId, byte[] event, long deadlineMs, String invokedFunctionArn,
            String traceHeader, Optional<String> clientContext, Optional<String> cognitoIdentity) {
    }

    /** How the runtime ended the invocation. */
    public sealed interface Outcome {
        /** The response, buffered or streamed. */
        record Response(byte[] body, boolean streamed) implements Outcome {
        }

        /**
         * An error: reported by the function ({@code status} "error") or by the environment
         * ("failure" when the runtime died, "timeout").
         */
        record Error(String status, String errorType, byte[] body) implements Outcome {
        }
    }

    private final Request request;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile Instant received;
    private volatile Instant responseStarted;
    private volatile long producedBytes;

    Invocation(Request request) {
        this.request = request;
    }

    public Request request() {
        return request;
    }

    /** Completes when the runtime answers, or when the environment ends the invocation. */
    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Ends the invocation from outside the runtime (timeout, runtime exit); false if it had ended. */
    public boolean fail(String status, String errorType, String message) {
        return outcome.complete(new Outcome.Error(status, errorType, ErrorBody.json(errorType, message)));
    }

    /** When the runtime received the event, if it has. */
    public Optional<Instant> received() {
        return Optional.ofNullable(received);
    }

    /** When the first byte of the response arrived, if one did. */
    public Optional<Instant> responseStarted() {
        return Optional.ofNullable(responseStarted);
    }

    /** Bytes of the response the runtime produced. */
    public long producedBytes() {
        return producedBytes;
    }

    void received(Instant at) {
        received = at;
    }

    void responseStarted(Instant at) {
        if (responseStarted == null) {
            responseStarted = at;
        }
    }

    void producedBytes(long bytes) {
        producedBytes = bytes;
    }
}
