package io.lambdascope.extension.telemetry;

import java.util.List;

/**
 * Receives the Telemetry API's batches after parsing, off the request path: this is where platform
 * events become spans, metrics and log records.
 */
@FunctionalInterface
public interface TelemetrySink {

    /**
     * Takes one batch, in the order Lambda sent it. Called from a single thread.
     *
     * @param batch the batch's events
     */
    void accept(List<TelemetryEvent> batch);

    /**
     * The listener refused what Lambda sent, or part of it: so that it is counted, not lost
     * silently. Called from the listener's connection threads; must be cheap.
     *
     * @param reason {@code malformed} (a body that is not a JSON array), {@code too_large} (a body
     *               over the listener's bound, answered 413) or {@code invalid_event} (an element that is
     *               not a {@code {time, type, record}} object)
     * @param count how many bodies or elements
     */
    default void refused(String reason, long count) {
    }
}
