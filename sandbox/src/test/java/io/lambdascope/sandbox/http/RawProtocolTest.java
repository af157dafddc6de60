package io.lambdascope.sandbox.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire protocol as a raw socket sees it: trailers, malformed input, pipelining, 100-continue, abort. */
class RawProtocolTest {

    private HttpServer server;

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Answers with the method, path, body and trailers it received. */
    private void startEcho() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            byte[] body = exchange.readBody(16 << 20);
            String text = exchange.method() + " " + exchange.path() + " chunked=" + exchange.chunked()
                    + " body=" + new String(body, StandardCharsets.UTF_8) + " trailers=" + exchange.trailers();
            exchange.respond(200, "text/plain", text.getBytes(StandardCharsets.UTF_8));
        });
    }

    private RawHttp connect() throws Exception {
        return new RawHttp(server.address());
    }

    @Test
    void readsAChunkedBodyAndItsTrailers() throws Exception {
        startEcho();
        try (RawHttp client = connect()) {
            client.send("POST /2018-06-01/runtime/invocation/id/response HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\nTrailer: Lambda-Runtime-Function-Error-Type\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n"
                    + "Lambda-Runtime-Function-Error-Type: Runtime.Boom\r\n"
                    + "Lambda-Runtime-Function-Error-Body: eyJ4IjoxfQ==\r\n\r\n");
            RawHttp.Response response = client.read();

            assertEquals(200, response.status());
            assertEquals("POST /2018-06-01/runtime/invocation/id/response chunked=true body=hello world trailers="
                    + "{lambda-runtime-function-error-type=[Runtime.Boom], lambda-runtime-function-error-body=[eyJ4IjoxfQ==]}",
                    response.text());
        }
    }

    @Test
    void answersPipelinedRequestsInOrderOnOneConnection() throws Exception {
        startEcho();
        try (RawHttp client = connect()) {
            client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "POST /three HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");

            assertEquals("GET /one chunked=false body= trailers={}", client.read().text());
            assertEquals("POST /two chunked=false body=abc trailers={}", client.read().text());
            assertEquals("POST /three chunked=true body=z trailers={}", client.read().text());
            client.send("GET /four HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response last = client.read();
            assertEquals("close", last.headers().get("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GARBAGE\r\n\r\n",
            "GET /x HTTP/1.1 extra\r\n\r\n",
            "GET x HTTP/1.1\r\n\r\n",
            "GET /x HTTP/9\r\n\r\n",
            "GET /x HTTP/1.1\r\nNo-Colon\r\n\r\n",
            "GET /x HTTP/1.1\r\nBad Name: v\r\n\r\n",
            "GET /x HTTP/1.1\r\nFolded: a\r\n  b\r\n\r\n",
            "GET /%zz HTTP/1.1\r\n\r\n",
            "POST /x HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            "POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
            "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n",
    })
    void answers400AndClosesOnMalformedInput(String request) throws Exception {
        startEcho();
        try (RawHttp client = connect()) {
            RawHttp.Response response = client.send(request).read();
            assertEquals(400, response.status(), response.text());
            assertEquals("close", response.headers().get("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answers400ToAHeaderSectionOver64KiB() throws Exception {
        startEcho();
        try (RawHttp client = connect()) {
            String big = "X-Big: " + "a".repeat(70_000) + "\r\n";
            RawHttp.Response response = client.send("GET /x HTTP/1.1\r\nHost: x\r\n" + big + "\r\n").read();
            assertEquals(400, response.status());
            assertTrue(response.text().contains("65536"), response.text());
        }
    }

    @Test
    void sends100ContinueOnlyWhenTheHandlerReadsTheBody() throws Exception {
        startEcho();
        try (RawHttp client = connect()) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            assertEquals(100, client.read().status());
            client.send("data");
            assertEquals("POST /upload chunked=false body=data trailers={}", client.read().text());
        }
    }

    @Test
    void answersWithoutContinueAndClosesWhenTheHandlerIgnoresTheBody() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> exchange.respond(413, "", new byte[0]));
        try (RawHttp client = connect()) {
            RawHttp.Response response = client
                    .send("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 9999\r\n\r\n").read();
            assertEquals(413, response.status());
            assertEquals("close", response.headers().get("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void readsASixMegabyteBody() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            long total = 0;
            try (InputStream in = exchange.body()) {
                for (int n; (n = in.read(buffer)) >= 0; total += n) {
                    sha.update(buffer, 0, n);
                }
            }
            exchange.respond(200, "text/plain", (total + " " + HexFormat.of().formatHex(sha.digest())).getBytes());
        });
        byte[] body = new byte[6 << 20];
        new Random(11).nextBytes(body);
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        try (RawHttp client = connect()) {
            client.send("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n").send(body);
            assertEquals(body.length + " " + digest, client.read().text());

            ByteArrayOutputStream chunked = new ByteArrayOutputStream();
            chunked.writeBytes("PUT /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
            for (int i = 0; i < body.length; i += 100_000) {
                int n = Math.min(100_000, body.length - i);
                chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes());
                chunked.write(body, i, n);
                chunked.writeBytes("\r\n".getBytes());
            }
            chunked.writeBytes("0\r\n\r\n".getBytes());
            assertEquals(body.length + " " + digest, client.send(chunked.toByteArray()).read().text());
        }
    }

    @Test
    void drainsAnUnreadBodyAndKeepsTheConnection() throws Exception {
        AtomicInteger served = new AtomicInteger();
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0,
                exchange -> exchange.respond(202, "text/plain", ("n=" + served.incrementAndGet()).getBytes()));
        try (RawHttp client = connect()) {
            client.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000));
            client.send("POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n");
            client.send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("n=1", client.read().text());
            assertEquals("n=2", client.read().text());
            RawHttp.Response third = client.read();
            assertEquals("n=3", third.text());
            assertFalse(third.headers().containsKey("connection"));
        }
    }

    @Test
    void closesInsteadOfDrainingALargeUnreadBody() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> exchange.respond(200, "", new byte[0]));
        byte[] body = new byte[2 << 20];
        try (RawHttp client = connect()) {
            client.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n").send(body);
            RawHttp.Response response = client.read();
            assertEquals(200, response.status());
            assertEquals("close", response.headers().get("connection"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void readBodyPastItsLimitThrowsAndTheConnectionCarriesOn() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            try {
                exchange.respond(200, "text/plain", exchange.readBody(10));
            } catch (BodyTooLargeException e) {
                exchange.respond(413, "text/plain", ("limit " + e.limit()).getBytes());
            }
        });
        try (RawHttp client = connect()) {
            client.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n" + "x".repeat(11));
            client.send("POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
            client.send("POST /c HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals("limit 10", client.read().text());
            assertEquals("limit 10", client.read().text());
            assertEquals("0123456789", client.read().text());
        }
    }

    @Test
    void abortClosesWithoutAnAnswer() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, HttpExchange::abort);
        try (RawHttp client = connect()) {
            client.send("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab");
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void answersHttp10AndCloses() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0,
                exchange -> exchange.respondChunked(200, Map.of("X-Kind", "stream"), "text/plain").write('k'));
        try (RawHttp client = connect()) {
            RawHttp.Response response = client.send("GET /old HTTP/1.0\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("stream", response.headers().get("x-kind"));
            assertFalse(response.headers().containsKey("transfer-encoding"));
            assertEquals("k", response.text());
        }
    }
}
