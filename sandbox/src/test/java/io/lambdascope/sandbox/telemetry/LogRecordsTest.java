package io.lambdascope.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogRecordsTest {

    private static final Instant T = Instant.parse("2022-10-12T00:03:50Z");
    private static final String REQUEST_ID = "79b4f56e-95b1-4643-9700-2807f4e68189";

    @Test
    void textFormatDeliversTheLineAsIs() {
        assertEquals("[INFO] Hello world, I am a function!",
                LogRecords.record(LogFormat.TEXT, "[INFO] Hello world, I am a function!", T, Optional.of(REQUEST_ID)));
        assertEquals("{\"not\":\"parsed\"}", LogRecords.record(LogFormat.TEXT, "{\"not\":\"parsed\"}", T, Optional.empty()));
    }

    @Test
    void jsonFormatDeliversAJsonObjectLineAsThatObject() {
        Object record = LogRecords.record(LogFormat.JSON,
                "{\"timestamp\":\"2022-10-12T00:03:50.000Z\",\"level\":\"WARN\",\"message\":\"careful\",\"count\":3}", T,
                Optional.of(REQUEST_ID));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("timestamp", "2022-10-12T00:03:50.000Z");
        expected.put("level", "WARN");
        expected.put("message", "careful");
        expected.put("count", 3);
        assertEquals(expected, record);
    }

    @Test
    void jsonFormatWrapsAnyOtherLineLikeLambda() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("timestamp", "2022-10-12T00:03:50.000Z");
        expected.put("level", "INFO");
        expected.put("requestId", REQUEST_ID);
        expected.put("message", "Hello world, I am a function!");
        assertEquals(expected, LogRecords.record(LogFormat.JSON, "Hello world, I am a function!", T, Optional.of(REQUEST_ID)));
        assertEquals(List.of("timestamp", "level", "message"), List.copyOf(((Map<?, ?>) LogRecords.record(LogFormat.JSON,
                "[1, 2]", T, Optional.empty())).keySet()));
        assertEquals("{broken", ((Map<?, ?>) LogRecords.record(LogFormat.JSON, "{broken", T, Optional.empty())).get("message"));
    }

    @Test
    void aJsonFormatFunctionLineHasTheFieldsOfLambdasExample() throws Exception {
        JsonNode fixture = EventJson.MAPPER.readTree(("{\"time\":\"2022-10-12T00:03:50.000Z\",\"type\":\"function\",\"record\":"
                + "{\"timestamp\":\"2022-10-12T00:03:50.000Z\",\"level\":\"INFO\",\"requestId\":\"" + REQUEST_ID + "\","
                + "\"message\":\"Hello world, I am a function!\"}}").getBytes(StandardCharsets.UTF_8));
        try (TelemetryApi api = new TelemetryApi(InstantSource.fixed(T), LogFormat.JSON)) {
            api.currentRequestId(Optional.of(REQUEST_ID));
            TelemetryEvent event = new TelemetryEvent(T, "function",
                    LogRecords.record(LogFormat.JSON, "Hello world, I am a function!", T, Optional.of(REQUEST_ID)));
            assertEquals(fixture, EventJson.MAPPER.readTree(EventJson.event(event)));
        }
    }

    @Test
    void timesAlwaysCarryMilliseconds() {
        assertEquals("2022-10-12T00:00:15.000Z", EventJson.time(Instant.parse("2022-10-12T00:00:15Z")));
        assertEquals("2022-10-12T00:00:15.064Z", EventJson.time(Instant.parse("2022-10-12T00:00:15.064999Z")));
    }
}
