/**
 * The Telemetry API: the subscription, the listener Lambda posts batches to, and the
 * {@link io.lambdascope.extension.telemetry.TelemetrySink} that turns them into telemetry, and
 * {@link io.lambdascope.extension.telemetry.LambdaTime}, which reads the times in its events.
 * Start with {@link io.lambdascope.extension.telemetry.TelemetryListener}.
 */
package io.lambdascope.extension.telemetry;
