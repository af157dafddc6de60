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
}
