package io.lambdascope.sandbox.telemetry;

import java.util.Locale;

/** The function's log format, from {@code AWS_LAMBDA_LOG_FORMAT}: plain text or structured JSON. */
public enum LogFormat {
    /** Each line is delivered as a string record. */
    TEXT,
    /** Each line is delivered as an object record. */
    JSON;

    /** Reads {@code AWS_LAMBDA_LOG_FORMAT}; anything but {@code JSON} (any case) is text, as in Lambda. */
    public static LogFormat of(String value) {
        return value != null && value.trim().toUpperCase(Locale.ROOT).equals("JSON") ? JSON : TEXT;
    }
}
