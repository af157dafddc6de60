package io.lambdascope.extension.config;

import java.util.List;

/**
 * The Telemetry API subscription.
 *
 * @param types streams to subscribe to
 * @param port listener port
 * @param logMaxBytes longer log records are truncated
 */
public record TelemetryConfig(List<TelemetryType> types, int port, long logMaxBytes) {
}
