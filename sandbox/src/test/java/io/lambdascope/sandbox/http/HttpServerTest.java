package io.lambdascope.sandbox.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server as java.net.http.HttpClient sees it: ordinary requests, long responses, keep-alive. */
class HttpServerTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        client.shutdownNow();
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Test
    void answersWithTheDecodedPathQueryAndHeaders() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            String text = exchange.method() + " " + exchange.path() + " " + exchange.query() + " "
                    + exchange.header("X-Request-Name").orElse("-") + " " + exchange.headers().containsKey("x-request-name");
            exchange.respond(200, Map.of("X-Answer", "yes"), "text/plain", text.getBytes(StandardCharsets.UTF_8));
        });
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/a%20b/c+d?x=1&y=%20"))
                .header("x-request-name", "first").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("GET /a b/c+d x=1&y=%20 first true", response.body());
        assertEquals("yes", response.headers().firstValue("x-answer").orElseThrow());
        assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void echoesAPostedBody() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0,
                exchange -> exchange.respond(201, "application/octet-stream", exchange.readBody(1 << 20)));
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(201, response.statusCode());
        assertArrayEquals(body, response.body());
    }

    @Test
    void sendsALongChunkedResponse() throws Exception {
        byte[] expected = new byte[5 << 20];
        new Random(3).nextBytes(expected);
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            try (OutputStream out = exchange.respondChunked(200, Map.of(), "application/octet-stream")) {
                for (int i = 0; i < expected.length; i += 1000) {
                    out.write(expected, i, Math.min(1000, expected.length - i));
                }
            }
        });
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/long")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertArrayEquals(expected, response.body());
    }

    @Test
    void flushSendsAChunkBeforeTheResponseEnds() throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            try (OutputStream out = exchange.respondChunked(200, Map.of(), "text/plain")) {
                out.write("first;".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The rest is written only once the client has seen the first part.
                assertTrue(firstRead.await(10, TimeUnit.SECONDS));
                out.write("second".getBytes(StandardCharsets.UTF_8));
            }
        });
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri("/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            assertEquals("first;", new String(in.readNBytes(6), StandardCharsets.UTF_8));
            firstRead.countDown();
            assertEquals("second", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            clientPorts.add(exchange.remote().getPort());
            exchange.respond(200, "text/plain", exchange.readBody(1024));
        });
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/n"))
                    .POST(HttpRequest.BodyPublishers.ofString("request " + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("request " + i, response.body());
        }
        assertEquals(1, clientPorts.size(), "every request came over one connection");
    }

    @Test
    void answers500WhenTheHandlerFailsOrDoesNotAnswer() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            if (exchange.path().equals("/fail")) {
                throw new IllegalStateException("broken on purpose");
            }
        });
        HttpResponse<String> failed = client.send(HttpRequest.newBuilder(uri("/fail")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> silent = client.send(HttpRequest.newBuilder(uri("/silent")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("broken on purpose"), failed.body());
        assertEquals(500, silent.statusCode());
        assertTrue(silent.body().contains("without answering GET /silent"), silent.body());
    }

    @Test
    void closeUnblocksAHandlerInALongPoll() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<Throwable> handlerEnd = new CompletableFuture<>();
        BlockingQueue<String> never = new LinkedBlockingQueue<>();
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            polling.countDown();
            try {
                never.take();
            } catch (InterruptedException e) {
                handlerEnd.complete(e);
                throw e;
            }
        });
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                HttpRequest.newBuilder(uri("/next")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(polling.await(10, TimeUnit.SECONDS));

        server.close();

        assertInstanceOf(InterruptedException.class, handlerEnd.get(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> response.get(10, TimeUnit.SECONDS));
        assertInstanceOf(java.io.IOException.class, failure.getCause());
        assertThrows(java.io.IOException.class, () -> client.send(HttpRequest.newBuilder(uri("/next"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void bindsOnlyTheAddressGiven() throws Exception {
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> exchange.respond(204, "", new byte[0]));
        assertTrue(server.address().getAddress().isLoopbackAddress());
        assertEquals(server.port(), server.address().getPort());
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode());
    }
}
