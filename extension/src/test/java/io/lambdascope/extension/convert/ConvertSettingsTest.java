package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.Configuration;
import io.lambdascope.extension.config.Sampling;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConvertSettingsTest {

    @Test
    void ownLinesAreDroppedWhenTelemetryGoesToTheLog() {
        ConvertSettings settings = ConvertSettings.of(Configuration.from(Map.of("LAMBDASCOPE_LOG_MAX_BYTES", "1000",
                "LAMBDASCOPE_SAMPLING", "ratio:0.25")), "lambdascope");
        assertEquals(new ConvertSettings(1000, new Sampling(Sampling.Kind.RATIO, 0.25), "lambdascope", true), settings);
    }

    @Test
    void ownLinesAreKeptWhenTelemetryGoesToAnEndpoint() {
        ConvertSettings settings = ConvertSettings.of(Configuration.from(Map.of("LAMBDASCOPE_EXPORT_ENDPOINT", "https://otlp.example.com")),
                "lambdascope");
        assertEquals(false, settings.dropOwnExportLines());
        assertEquals(Sampling.ALL, settings.sampling());
        assertEquals(32_768, settings.logMaxBytes());
    }
}
