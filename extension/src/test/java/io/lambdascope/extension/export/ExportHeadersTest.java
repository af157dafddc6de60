package io.lambdascope.extension.export;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportHeadersTest {

    @Test
    void fetchedHeadersWinOverConfiguredOnesWhateverTheCase() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("authorization", "Bearer configured");
        configured.put("x-tenant", "t1");
        Map<String, String> fetched = new LinkedHashMap<>();
        fetched.put("Authorization", "Bearer fetched");
        fetched.put("x-extra", "e");
        assertEquals(List.of(Map.entry("x-tenant", "t1"), Map.entry("Authorization", "Bearer fetched"), Map.entry("x-extra", "e")),
                List.copyOf(ExportHeaders.merge(configured, fetched).entrySet()));
    }

    @Test
    void withNothingFetchedTheConfiguredHeadersStay() {
        assertEquals(Map.of("x-tenant", "t1"), ExportHeaders.merge(Map.of("x-tenant", "t1"), Map.of()));
    }

    @Test
    void onlyHeadersHttpAllowsAndTheExporterDoesNotFrameAreKept() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("x-api-key", "k\tey é");
        configured.put("Transfer-Encoding", "chunked");
        configured.put("host", "elsewhere");
        configured.put("x-injected", "v\r\nX-Other: 1");
        configured.put("bad name", "v");
        configured.put("x-emoji", "\u2603");
        configured.put("Content-Type", "text/plain");
        ExportHeaders headers = ExportHeaders.of(configured);
        assertEquals(List.of("x-api-key"), headers.names());
        StringBuilder head = new StringBuilder();
        headers.appendTo(head);
        assertEquals("x-api-key: k\tey é\r\n", head.toString());
        assertTrue(headers.has("X-API-KEY"));
    }
}
