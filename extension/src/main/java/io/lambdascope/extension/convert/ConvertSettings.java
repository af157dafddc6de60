package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.Configuration;
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

    /**
     * The settings a configuration implies: its log size limit and sampling rule, and dropping
     * the exporter's own lines when there is no export endpoint (telemetry then goes to the log).
     *
     * @param config the configuration
     * @param extensionName the name the extension registered under
     * @return the settings
     */
    public static ConvertSettings of(Configuration config, String extensionName) {
        return new ConvertSettings(config.telemetry().logMaxBytes(), config.sampling(), extensionName,
                config.export().endpoint().isEmpty());
    }
}
