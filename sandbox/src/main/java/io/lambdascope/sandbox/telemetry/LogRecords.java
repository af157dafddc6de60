package io.lambdascope.sandbox.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one line a process wrote into the record Lambda delivers for it.
 *
 * <p>With the text format the record is the line itself. With the JSON format a line that is a
 * JSON object is delivered as that object (Lambda does not encode JSON twice); any other line is
 * wrapped the way Lambda wraps unstructured output: timestamp, level, requestId when an
 * invocation is running, and the line as message.
 */
final class LogRecords {

    /** The level Lambda gives a line that carries none of its own. */
    static final String DEFAULT_LEVEL = "INFO";

    private LogRecords() {
    }

    static Object record(LogFormat format, String line, Instant time, Optional<String> requestId) {
        if (format == LogFormat.TEXT) {
            return line;
        }
        Optional<Map<String, Object>> object = jsonObject(line);
        if (object.isPresent()) {
            return object.get();
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("timestamp", EventJson.time(time));
        record.put("level", DEFAULT_LEVEL);
        requestId.ifPresent(id -> record.put("requestId", id));
        record.put("message", line);
        return record;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> jsonObject(String line) {
        String trimmed = line.strip();
        // Cheap test first: most lines are not JSON and parsing them would only cost an exception.
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return Optional.empty();
        }
        try {
            JsonNode node = EventJson.MAPPER.readTree(trimmed);
            if (node != null && node.isObject()) {
                return Optional.of(EventJson.MAPPER.convertValue(node, LinkedHashMap.class));
            }
        } catch (Exception e) {
            // Not JSON after all: wrapped like any other line.
        }
        return Optional.empty();
    }
}
