package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.Sampling;

/**
 * How platform telemetry is converted.
 *
 * @param logMaxBytes longer log bodies are cut to this many UTF-8 bytes and marked
 * @param sampling which invocations' spans are exported
 * @param extensionName the name this extension registered under
 * @param dropOwnExportLines whether extension log lines that are the stdout exporter's own OTLP JSON
 *                           lines are dropped: true whenever telemetry is written to the log, since
 *                           each line read back would be exported again
 */
public record ConvertSettings(long logMaxBytes, Sampling sampling, String extensionName, boolean dropOwnExportLines) {
}
