package io.lambdascope.extension.export;

/** The three OTLP signals, each exported to its own path under the endpoint. */
public enum Signal {
    /** Spans: {@code ExportTraceServiceRequest}. */
    TRACES("traces"),
    /** Metrics: {@code ExportMetricsServiceRequest}. */
    METRICS("metrics"),
    /** Log records: {@code ExportLogsServiceRequest}. */
    LOGS("logs");

    private final String text;

    Signal(String text) {
        this.text = text;
    }

    /** The signal's name as OTLP spells it: traces, metrics, logs. */
    public String text() {
        return text;
    }

    /** The OTLP/HTTP path relative to the endpoint, such as {@code /v1/traces}. */
    public String path() {
        return "/v1/" + text;
    }
}
