package io.lambdascope.extension.config;

/** The concerns the settings are grouped by, in the order the configuration table lists them. */
public enum Group {
    /** Where and how telemetry leaves the extension. */
    EXPORT("Export"),
    /** When buffered telemetry is exported and how much may be buffered. */
    FLUSH("Flush and batching"),
    /** What the Runtime API proxy records. */
    CAPTURE("Capture"),
    /** What is removed before telemetry leaves the function. */
    REDACTION("Redaction"),
    /** The Telemetry API subscription. */
    TELEMETRY("Telemetry API"),
    /** Which invocations are traced. */
    SAMPLING("Sampling"),
    /** The local OTLP receiver. */
    RECEIVER("OTLP receiver"),
    /** Everything else. */
    GENERAL("General");

    private final String title;

    Group(String title) {
        this.title = title;
    }

    /** The heading of this group in the configuration table. */
    public String title() {
        return title;
    }
}
