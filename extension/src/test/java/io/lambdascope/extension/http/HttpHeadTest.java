package io.lambdascope.extension.http;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading a message head from the relay's streams: the head and nothing after it. */
class HttpHeadTest {

    private static final String NEXT = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json\r\n"
            + "Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd\r\n"
            + "Content-Length: 13\r\n"
            + "\r\n";

    /** What the proxy reads from: a buffered socket stream. */
    private static InputStream relayed(String text) {
        return new BufferedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), 16 * 1024);
    }

    /** A peer that sends one byte at a time, behind a buffer far smaller than the head. */
    private static InputStream trickling(String text) {
        InputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
        InputStream oneAtATime = new InputStream() {
            @Override
            public int read() throws IOException {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : bytes.read(b, off, 1);
            }
        };
        return new BufferedInputStream(oneAtATime, 8);
    }

    @Test
    void readsTheHeadAndLeavesTheBodyAndTheNextMessageInTheStream() throws IOException {
        InputStream in = relayed(NEXT + "{\"ok\":true}\r\n" + "HTTP/1.1 202 Accepted\r\n\r\n");

        HttpHead head = HttpHead.read(in).orElseThrow();

        assertArrayEquals(NEXT.getBytes(StandardCharsets.ISO_8859_1), head.bytes(), "the head, byte for byte");
        assertEquals(200, head.status());
        assertEquals(13, head.contentLength());
        assertEquals(Optional.of("8476a536-e9f4-11e8-9739-2dfe598c3fcd"), head.header("lambda-runtime-aws-request-id"));
        assertEquals("{\"ok\":true}\r\n", new String(in.readNBytes(13), StandardCharsets.ISO_8859_1));
        assertEquals(202, HttpHead.read(in).orElseThrow().status());
        assertEquals(Optional.empty(), HttpHead.read(in), "the connection ended cleanly");
    }

    @Test
    void aHeadThatArrivesByteByByteIsTheSameHead() throws IOException {
        InputStream in = trickling(NEXT + "{\"ok\":true}\r\n");

        HttpHead head = HttpHead.read(in).orElseThrow();

        assertEquals(NEXT, new String(head.bytes(), StandardCharsets.ISO_8859_1));
        assertEquals("{\"ok\":true}\r\n", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void bareLineFeedsEndAHeadToo() throws IOException {
        InputStream in = relayed("GET /2018-06-01/runtime/invocation/next HTTP/1.1\nHost: 127.0.0.1\n\nrest");

        HttpHead head = HttpHead.read(in).orElseThrow();

        assertEquals("GET", head.method());
        assertEquals("/2018-06-01/runtime/invocation/next", head.target());
        assertEquals(List.of(new HttpHead.Field("Host", "127.0.0.1")), head.fields());
        assertEquals("rest", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void startLinesOfEveryShapeGiveTheirParts() {
        assertEquals(204, new HttpHead(new byte[0], "HTTP/1.1 204", List.of()).status(), "no reason phrase");
        assertEquals(0, new HttpHead(new byte[0], "HTTP/1.1 OK", List.of()).status());
        assertEquals(0, new HttpHead(new byte[0], "garbage", List.of()).status());
        assertEquals("", new HttpHead(new byte[0], "GET", List.of()).target());
        assertEquals("", new HttpHead(new byte[0], "GET  /twice HTTP/1.1", List.of()).target(), "an empty word between two spaces");
        assertEquals("/x", new HttpHead(new byte[0], "POST /x", List.of()).target());
        assertEquals(Optional.of("first"), new HttpHead(new byte[0], "GET / HTTP/1.1",
                List.of(new HttpHead.Field("X-A", "first"), new HttpHead.Field("x-a", "second"))).header("X-a"));
    }

    @Test
    void aConnectionThatEndsInTheMiddleOfAHeadIsAnError() {
        assertThrows(EOFException.class, () -> HttpHead.read(relayed("HTTP/1.1 200 OK\r\nContent-Le")));
    }

    @Test
    void aHeadThatNeverEndsIsRefusedOnceItPassesTheBound() {
        String endless = "HTTP/1.1 200 OK\r\n" + "X-Filler: " + "a".repeat(HttpHead.MAX_BYTES) + "\r\n\r\n";
        IOException e = assertThrows(IOException.class, () -> HttpHead.read(relayed(endless)));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }
}
