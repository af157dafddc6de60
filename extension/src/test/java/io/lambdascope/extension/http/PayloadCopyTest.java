package io.lambdascope.extension.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadCopyTest {

    @Test
    void keepsAnAnnouncedPayloadWholeInOneArrayItHandsOutAsItIs() throws IOException {
        byte[] payload = random(100_000);
        PayloadCopy copy = new PayloadCopy(1 << 20);

        relay(payload, copy);

        byte[] kept = copy.bytes();
        assertArrayEquals(payload, kept);
        assertSame(kept, copy.bytes(), "handed out again, not copied again");
        assertEquals(payload.length, copy.total());
        assertFalse(copy.truncated());
    }

    @Test
    void keepsAPayloadOfUnknownLengthAsItGrows() throws IOException {
        byte[] payload = random(50_000);
        PayloadCopy copy = new PayloadCopy(1 << 20);
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();

        Body.response(HttpHead.read(new ByteArrayInputStream("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).orElseThrow(),
                new ByteArrayInputStream(payload), relayed, copy);

        assertArrayEquals(payload, relayed.toByteArray());
        assertArrayEquals(payload, copy.bytes());
        assertFalse(copy.truncated());
    }

    @Test
    void keepsOnlyItsCapOfALongerPayloadAndCountsTheRest() throws IOException {
        byte[] payload = random(10_000);
        PayloadCopy copy = new PayloadCopy(4_000);

        relay(payload, copy);

        assertArrayEquals(Arrays.copyOf(payload, 4_000), copy.bytes());
        assertEquals(10_000, copy.total());
        assertTrue(copy.truncated());
    }

    @Test
    void keepsNothingButTheCountAtACapOfZero() throws IOException {
        PayloadCopy copy = new PayloadCopy(0);

        relay(random(3_000), copy);

        assertEquals(0, copy.bytes().length);
        assertEquals(3_000, copy.total());
        assertTrue(copy.truncated());
    }

    /** Relays the payload as a response with a Content-Length, as the Runtime API sends an event. */
    private static void relay(byte[] payload, PayloadCopy copy) throws IOException {
        HttpHead head = HttpHead.read(new ByteArrayInputStream(("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII))).orElseThrow();
        ByteArrayOutputStream relayed = new ByteArrayOutputStream();
        Body.response(head, new ByteArrayInputStream(payload), relayed, copy);
        assertArrayEquals(payload, relayed.toByteArray(), "relayed whole, kept or not");
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
