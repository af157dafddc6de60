/**
 * Telemetry API events into OpenTelemetry spans, log records and metrics. Start with
 * {@link io.lambdascope.extension.convert.TelemetryConverter}; the resource every export carries
 * comes from {@link io.lambdascope.extension.convert.Resources}.
 */
package io.lambdascope.extension.convert;
