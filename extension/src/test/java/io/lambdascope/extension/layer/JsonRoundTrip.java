package io.lambdascope.extension.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes JSON the ways the extension does, run inside the layer's runtime image to show
 * that Jackson works without the modules it only uses when present (java.desktop, java.sql, java.xml).
 */
public final class JsonRoundTrip {

    /** What {@link #main} prints when everything worked. */
    static final String EXPECTED = "{\"attributes\":{\"http.method\":\"GET\"},\"ids\":[1,2],\"name\":\"invoke\",\"start\":1}"
            + " | invoke | {\"at\":0,\"when\":5} | [1,2,{\"y\":null}]";

    private JsonRoundTrip() {
    }

    /** A record the way telemetry is modelled. */
    public record Span(String name, long start, Map<String, Object> attributes, List<Integer> ids) {
    }

    /** A bean with the date types whose support Jackson keeps in its optional modules' neighbourhood. */
    public static final class Stamp {
        /** Milliseconds. */
        public Date when;
        /** An instant, written as a number. */
        public long at;
    }

    /**
     * Prints a serialised record, the record read back, a bean with a date, and a parsed tree.
     *
     * @param args unused
     * @throws Exception when Jackson fails in this runtime
     */
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        json.configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        json.configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
        String span = json.writeValueAsString(new Span("invoke", 1, Map.of("http.method", "GET"), List.of(1, 2)));
        Span back = json.readValue(span, Span.class);
        Stamp stamp = json.readValue("{\"when\":5,\"at\":" + Instant.EPOCH.toEpochMilli() + "}", Stamp.class);
        JsonNode tree = json.readTree("[1,2,{\"y\":null}]");
        System.out.println(span + " | " + back.name() + " | " + json.writeValueAsString(stamp) + " | " + tree);
    }
}
