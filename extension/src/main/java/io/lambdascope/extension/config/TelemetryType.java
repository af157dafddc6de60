package io.lambdascope.extension.config;

/** A Telemetry API stream. */
public enum TelemetryType implements Choice {
    PLATFORM("platform"), FUNCTION("function"), EXTENSION("extension");

    private final String text;

    TelemetryType(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
