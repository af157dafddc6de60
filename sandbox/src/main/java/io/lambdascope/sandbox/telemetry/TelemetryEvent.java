package io.lambdascope.sandbox.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One Telemetry API event as Lambda delivers it: {@code {"time": ..., "type": ..., "record": ...}}.
 *
 * @param time   when the event happened; delivered with millisecond precision
 * @param type   {@code platform.*}, {@code function} or {@code extension}
 * @param record a {@code Map<String, Object>} (platform events, JSON-format log lines) or a
 *               {@code String} (text log lines)
 */
public record TelemetryEvent(Instant time, String type, Object record) {

    /** Validates that the record is one of the two shapes Lambda delivers. */
    public TelemetryEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(record, "record");
        if (!(record instanceof Map<?, ?>) && !(record instanceof String)) {
            throw new IllegalArgumentException("record must be a map or a string, was " + record.getClass().getName());
        }
    }

    /** The stream a subscriber names in {@code types}: platform, function or extension. */
    public String stream() {
        return type.startsWith("platform.") ? "platform" : type;
    }
}
