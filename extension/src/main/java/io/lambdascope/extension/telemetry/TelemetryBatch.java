package io.lambdascope.extension.telemetry;

import io.lambdascope.extension.json.JsonValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the body Lambda posts to the listener: a JSON array of {@code {time, type, record}}. */
public final class TelemetryBatch {

    private TelemetryBatch() {
    }

    /**
     * The batch's events, or empty when the body is not one JSON array. Elements that are not
     * {@code {time, type, record}} objects are left out and counted.
     *
     * <p>One parse, on the request path, before the answer: a bad body is answered with 400, and a
     * scan for that ahead of a parse after the answer cost more than the parse alone.
     *
     * @param body the request body
     * @return the events, or empty for a body that is not a JSON array
     */
    public static Optional<Parsed> read(byte[] body) {
        JsonValue root;
        try {
            root = JsonValue.parseWhole(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!root.isArray()) {
            return Optional.empty();
        }
        List<TelemetryEvent> events = new ArrayList<>(root.size());
        int skipped = 0;
        for (JsonValue element : root) {
            JsonValue type = element.get("type");
            if (element.isObject() && type != null && type.isString()) {
                events.add(new TelemetryEvent(element.path("time").asText(""), type.asText(), element.path("record")));
            } else {
                skipped++;
            }
        }
        return Optional.of(new Parsed(List.copyOf(events), skipped));
    }

    /**
     * The events of one batch and the number of elements that were not events.
     *
     * @param events the events, in the order Lambda sent them
     * @param skipped elements that were not {@code {time, type, record}} objects
     */
    public record Parsed(List<TelemetryEvent> events, int skipped) {
    }
}
