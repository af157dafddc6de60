package io.lambdascope.extension.config;

/** The extension's own log level; each maps to the {@link System.Logger.Level} it lets through. */
public enum LogLevel implements Choice {
    ERROR("error", System.Logger.Level.ERROR),
    WARN("warn", System.Logger.Level.WARNING),
    INFO("info", System.Logger.Level.INFO),
    DEBUG("debug", System.Logger.Level.DEBUG),
    TRACE("trace", System.Logger.Level.TRACE),
    OFF("off", System.Logger.Level.OFF);

    private final String text;
    private final System.Logger.Level level;

    LogLevel(String text, System.Logger.Level level) {
        this.text = text;
        this.level = level;
    }

    @Override
    public String text() {
        return text;
    }

    /** The least severe level that is logged. */
    public System.Logger.Level level() {
        return level;
    }
}
