package io.lambdascope.extension.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {

    private static final String MIXED = "aé€😀b";

    @Test
    void lengthIsTheEncodedSize() {
        assertEquals(MIXED.getBytes(StandardCharsets.UTF_8).length, Utf8.length(MIXED));
        assertEquals(11, Utf8.length(MIXED));
        assertEquals(3, Utf8.length("\uD800"), "a lone surrogate is encoded as a replacement character");
    }

    @Test
    void prefixNeverSplitsACharacter() {
        assertEquals("", Utf8.prefix(MIXED, 0));
        assertEquals("a", Utf8.prefix(MIXED, 1));
        assertEquals("a", Utf8.prefix(MIXED, 2));
        assertEquals("aé", Utf8.prefix(MIXED, 3));
        assertEquals("aé", Utf8.prefix(MIXED, 5));
        assertEquals("aé€", Utf8.prefix(MIXED, 6));
        assertEquals("aé€", Utf8.prefix(MIXED, 9));
        assertEquals("aé€😀", Utf8.prefix(MIXED, 10));
        assertEquals(MIXED, Utf8.prefix(MIXED, 11));
        for (int max = 0; max <= 12; max++) {
            String prefix = Utf8.prefix(MIXED, max);
            assertTrue(prefix.getBytes(StandardCharsets.UTF_8).length <= max);
            assertTrue(MIXED.startsWith(prefix));
        }
    }
}
