/**
 * The sandbox's Lambda Telemetry API. Start with {@link io.lambdascope.sandbox.telemetry.TelemetryApi}:
 * extensions subscribe with {@code PUT /2022-07-01/telemetry}, the lifecycle publishes platform
 * events ({@link io.lambdascope.sandbox.telemetry.PlatformEvents}) and process output, and each
 * subscriber gets its own queue and delivery thread that batch like Lambda does
 * ({@link io.lambdascope.sandbox.telemetry.Buffering}).
 */
package io.lambdascope.sandbox.telemetry;
