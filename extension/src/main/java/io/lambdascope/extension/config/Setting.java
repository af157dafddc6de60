package io.lambdascope.extension.config;

import java.util.Locale;

/**
 * One environment variable: its name, type, default and meaning. Settings are declared once, in
 * {@link Settings}; parsing and the configuration table both come from that declaration.
 *
 * @param <T> the parsed value
 * @param name the environment variable
 * @param group the concern it belongs to
 * @param type how its text is parsed
 * @param defaultValue the value used when the variable is unset, blank or invalid
 * @param defaultText the default as the configuration table shows it
 * @param description what it means, one sentence of markdown
 */
public record Setting<T>(String name, Group group, ValueType<T> type, T defaultValue, String defaultText, String description) {

    /**
     * Whether the value must never appear in the log: header lists carry credentials, and so may
     * anything named like a secret.
     */
    public boolean secret() {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("LAMBDASCOPE_EXPORT_HEADERS") || upper.contains("SECRET") || upper.contains("TOKEN")
                || upper.contains("PASSWORD");
    }

    /** The value as the log may show it. */
    String shown(String value) {
        return secret() ? "<redacted>" : value;
    }
}
