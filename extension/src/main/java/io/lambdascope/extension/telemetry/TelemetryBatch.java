package io.lambdascope.extension.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lambdascope.extension.json.JsonValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the body Lambda posts to the listener: a JSON array of {@code {time, type, record}}. */
public final class TelemetryBatch {

    private static final JsonFactory TOKENS = JsonFactory.builder().build();

    private TelemetryBatch() {
    }

    /**
     * Whether the body is one well-formed JSON array. This runs on the request path so that a bad
     * body can be answered with 400; a token scan builds no objects, so it costs a fraction of the
     * parse that follows off the request path.
     */
    public static boolean wellFormed(byte[] body) {
        try (JsonParser parser = TOKENS.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The batch's events. Elements that are not {@code {time, type, record}} objects are left out
     * and counted by the caller from the difference.
     *
     * @param body a body for which {@link #wellFormed} held
     * @return the events
     * @throws IOException when the body is not JSON after all
     */
    public static Parsed parse(byte[] body) throws IOException {
        JsonValue root = JsonValue.parse(body);
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
        return new Parsed(List.copyOf(events), skipped);
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
