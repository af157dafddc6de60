/**
 * How telemetry leaves the extension: one OTLP export request at a time, over OTLP/HTTP
 * ({@code http/protobuf} or {@code http/json}) or as OTLP/JSON lines on standard output. Start with
 * {@link io.lambdascope.extension.export.Exporters}; the seam the flush uses is
 * {@link io.lambdascope.extension.export.Exporter}.
 */
package io.lambdascope.extension.export;
