package io.lambdascope.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * How an invocation ended, as its caller sees it.
 *
 * @param status {@code success}, {@code error} (the function reported one), {@code timeout}, or
 *     {@code failure} (the runtime or the environment failed)
 * @param body the response, or the error document
 * @param postRuntime from the runtime's answer until the last extension called next
 */
public record InvocationResult(String requestId, String status, Optional<String> errorType, byte[] body,
        Duration duration, Duration postRuntime, long billedDurationMs, int maxMemoryUsedMb) {

    public boolean succeeded() {
        return status.equals("success");
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
