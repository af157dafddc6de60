package io.lambdascope.extension.export;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
