package io.lambdascope.cdk;

/** The extension's own log level (`LAMBDASCOPE_LOG_LEVEL`). */
public enum LogLevel {
    /** Only what stops telemetry. */
    ERROR("error"),
    /** Lost or refused telemetry, and configuration mistakes. */
    WARN("warn"),
    /** Start, shutdown and what was exported: a few lines per environment. */
    INFO("info"),
    /** Every export and lifecycle step. */
    DEBUG("debug");

    private final String value;

    LogLevel(String value) {
        this.value = value;
    }

    /**
     * The value of the variable.
     *
     * @return the value of `LAMBDASCOPE_LOG_LEVEL`
     */
    public String value() {
        return value;
    }
}
