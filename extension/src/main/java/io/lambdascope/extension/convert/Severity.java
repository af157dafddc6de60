package io.lambdascope.extension.convert;

import io.opentelemetry.proto.logs.v1.SeverityNumber;

/**
 * Log levels by the names runtimes and logging libraries write, and their OpenTelemetry severity.
 * Lookups compare a region of the line in place, so finding a level allocates nothing.
 */
enum Severity {
    TRACE(SeverityNumber.SEVERITY_NUMBER_TRACE, "TRACE"),
    DEBUG(SeverityNumber.SEVERITY_NUMBER_DEBUG, "DEBUG"),
    INFO(SeverityNumber.SEVERITY_NUMBER_INFO, "INFO"),
    WARN(SeverityNumber.SEVERITY_NUMBER_WARN, "WARN", "WARNING"),
    ERROR(SeverityNumber.SEVERITY_NUMBER_ERROR, "ERROR", "SEVERE"),
    FATAL(SeverityNumber.SEVERITY_NUMBER_FATAL, "FATAL", "CRITICAL");

    private static final Severity[] ALL = values();

    private final SeverityNumber number;
    private final String[] names;

    Severity(SeverityNumber number, String... names) {
        this.number = number;
        this.names = names;
    }

    /** The OpenTelemetry severity number. */
    SeverityNumber number() {
        return number;
    }

    /**
     * The level written in {@code text} from {@code from} to {@code to}.
     *
     * @param ignoreCase whether {@code error} and {@code Error} count as well as {@code ERROR}
     * @return the level, or null when the region is not a level name
     */
    static Severity named(String text, int from, int to, boolean ignoreCase) {
        int length = to - from;
        if (length < 4 || length > 8) {
            return null;
        }
        for (Severity severity : ALL) {
            for (String name : severity.names) {
                if (name.length() == length && text.regionMatches(ignoreCase, from, name, 0, length)) {
                    return severity;
                }
            }
        }
        return null;
    }

    /** The level of a whole string, such as a JSON record's {@code level}; null when unknown. */
    static Severity named(String text) {
        return named(text, 0, text.length(), true);
    }
}
