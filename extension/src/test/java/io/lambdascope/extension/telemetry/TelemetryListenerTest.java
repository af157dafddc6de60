package io.lambdascope.extension.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TelemetryListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final BlockingQueue<List<TelemetryEvent>> batches = new LinkedBlockingQueue<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private TelemetryListener listener;

    private URI start(Consumer<List<TelemetryEvent>> accept) throws IOException {
        listener = TelemetryListener.start(InetAddress.getLoopbackAddress(), 0, new TelemetrySink() {
            @Override
            public void accept(List<TelemetryEvent> batch) {
                accept.accept(batch);
            }

            @Override
            public void refused(String reason, long count) {
                refused.computeIfAbsent(reason, key -> new LongAdder()).add(count);
            }
        });
        return URI.create("http://127.0.0.1:" + listener.port());
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void acceptsTheRealBatchesLambdaSends() throws Exception {
        String fixtures = System.getProperty("lambdascope.fixtures", "");
        Path folder = Path.of(fixtures, "telemetry");
        assumeTrue(!fixtures.isEmpty() && Files.isDirectory(folder), "no telemetry fixtures at " + folder + "; skipped");
        URI listenerUri = start(batches::add);

        int expected = 0;
        List<String> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                ArrayNode batch = asBatch(JSON.readTree(file.toFile()));
                if (batch.isEmpty()) {
                    continue; // a bare record, as some documentation pages show it: not what Lambda posts
                }
                assertEquals(200, post(listenerUri, batch.toString()).statusCode(), file.getFileName().toString());
                for (JsonNode event : batch) {
                    expected++;
                    types.add(event.path("type").asText());
                }
            }
        }
        assumeTrue(expected > 0, "no telemetry batches among the fixtures; skipped");

        List<String> received = new ArrayList<>();
        while (received.size() < expected) {
            List<TelemetryEvent> batch = batches.poll(10, TimeUnit.SECONDS);
            assertNotNull(batch, "the sink got " + received.size() + " of " + expected + " events");
            batch.forEach(event -> received.add(event.type()));
        }
        assertEquals(types, received);
        assertTrue(received.contains("platform.initStart"), received.toString());
        assertEquals(0, listener.malformed());
        assertEquals(0, listener.skippedEvents());
    }

    @Test
    void answers400ToBodiesThatAreNotAJsonArray() throws Exception {
        URI listenerUri = start(batches::add);

        assertEquals(400, post(listenerUri, "[{\"time\":\"2024-05-15T18:10:29.635Z\",").statusCode());
        assertEquals(400, post(listenerUri, "{\"type\":\"platform.start\"}").statusCode());
        assertEquals(400, post(listenerUri, "[] []").statusCode());
        assertEquals(400, post(listenerUri, "").statusCode());
        assertEquals(4, listener.malformed());
        assertEquals(Map.of("malformed", 4L), refusedCounts(), "the pipeline is told, to count them");

        assertDelivered(listenerUri, "the listener still works afterwards");
    }

    @Test
    void leavesElementsThatAreNotEventsOut() throws Exception {
        URI listenerUri = start(batches::add);

        assertEquals(200, post(listenerUri, "[1, {\"record\":{}}, {\"time\":\"t\",\"type\":\"platform.start\",\"record\":{}}]").statusCode());

        List<TelemetryEvent> batch = batches.poll(10, TimeUnit.SECONDS);
        assertNotNull(batch);
        assertEquals(List.of("platform.start"), batch.stream().map(TelemetryEvent::type).toList());
        assertEquals(2, listener.skippedEvents());
        assertEquals(Map.of("invalid_event", 2L), refusedCounts());
    }

    @Test
    void answersBeforeTheBatchIsConvertedAndHandsBatchesOverInOrder() throws Exception {
        CountDownLatch converting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> records = new CopyOnWriteArrayList<>();
        URI listenerUri = start(batch -> {
            converting.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batch.forEach(event -> records.add(event.record().asText()));
        });

        // The first batch is answered while the sink still holds it.
        assertEquals(200, post(listenerUri, "[{\"time\":\"t\",\"type\":\"function\",\"record\":\"one\"}]").statusCode());
        assertTrue(converting.await(10, TimeUnit.SECONDS));
        // A second delivery, on a connection of its own, is answered too, and then waits for the
        // sink rather than overtaking the first.
        HttpClient secondClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertEquals(200, post(secondClient, listenerUri, "[{\"time\":\"t\",\"type\":\"function\",\"record\":\"two\"}]").statusCode());
        assertEquals(List.of(), records);
        release.countDown();
        listener.close();
        assertEquals(List.of("one", "two"), records);
        assertEquals(2, listener.accepted());
    }

    @Test
    void refusesABodyOverTheBoundAndStaysUsable() throws Exception {
        URI listenerUri = start(batches::add);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listenerUri.getPort())) {
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: sandbox.localdomain\r\nContent-Length: "
                    + (TelemetryListener.MAX_BODY + 1) + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 413 Content Too Large", statusLine(in));
            assertEquals(-1, in.read(), "the rest of the body is not read, so the connection ends");
        }

        assertEquals(1, listener.tooLarge());
        assertEquals(Map.of("too_large", 1L), refusedCounts());
        assertDelivered(listenerUri, "the listener still works afterwards");
    }

    @Test
    void readsChunkedBodiesAndKeepsTheConnection() throws Exception {
        URI listenerUri = start(batches::add);
        String body = "[{\"time\":\"t\",\"type\":\"function\",\"record\":\"chunked\"}]";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listenerUri.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write(("POST / HTTP/1.1\r\nHost: sandbox.localdomain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("HTTP/1.1 200 OK", statusLine(in));
            }
        }
        for (int i = 0; i < 2; i++) {
            List<TelemetryEvent> batch = batches.poll(10, TimeUnit.SECONDS);
            assertNotNull(batch);
            assertEquals("chunked", batch.getFirst().record().asText());
        }
    }

    @Test
    void pastItsConnectionsTheOneIdleLongestIsClosed() throws Exception {
        URI listenerUri = start(batches::add);
        String body = "[{\"time\":\"t\",\"type\":\"function\",\"record\":\"kept\"}]";
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < TelemetryListener.MAX_CONNECTIONS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), listenerUri.getPort());
                idle.add(socket);
                // One request each, so that each connection has a thread and an idle time of its own.
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: sandbox.localdomain\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                assertEquals("HTTP/1.1 200 OK", statusLine(socket.getInputStream()));
            }

            assertEquals(200, post(listenerUri, body).statusCode(), "one more connection is served");

            idle.getFirst().setSoTimeout(10_000);
            assertEquals(-1, idle.getFirst().getInputStream().read(), "the connection idle longest was closed");
            Socket newest = idle.getLast();
            newest.getOutputStream().write(("POST / HTTP/1.1\r\nHost: sandbox.localdomain\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200 OK", statusLine(newest.getInputStream()), "the others go on");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void answers405ToAnythingButPost() throws Exception {
        URI listenerUri = start(batches::add);

        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(listenerUri).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, answer.statusCode());
        assertEquals(0, listener.accepted());
    }

    @Test
    void saysWhichAddressItCannotBind() throws Exception {
        URI listenerUri = start(batches::add);

        IOException e = assertThrows(IOException.class,
                () -> TelemetryListener.start(InetAddress.getLoopbackAddress(), listenerUri.getPort(), batches::add));

        assertTrue(e.getMessage().contains("127.0.0.1:" + listenerUri.getPort()), e.getMessage());
    }

    /** Posts a batch of one function log line and checks that it reaches the sink. */
    private void assertDelivered(URI listenerUri, String line) throws Exception {
        assertEquals(200, post(listenerUri, "[{\"time\":\"2022-10-12T00:00:15.064Z\",\"type\":\"function\",\"record\":\""
                + line + "\"}]").statusCode());
        List<TelemetryEvent> batch = batches.poll(10, TimeUnit.SECONDS);
        assertNotNull(batch, line);
        assertEquals(line, batch.getFirst().record().asText());
    }

    /** The status line of the next answer, with its head read up to the empty line. */
    private static String statusLine(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed after " + head);
            }
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    private Map<String, Long> refusedCounts() {
        Map<String, Long> counts = new TreeMap<>();
        refused.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    private static ArrayNode asBatch(JsonNode node) {
        if (node.isArray()) {
            return (ArrayNode) node;
        }
        ArrayNode batch = JSON.createArrayNode();
        if (node.isObject() && node.path("type").isTextual()) {
            batch.add(node);
        }
        return batch;
    }

    private static HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
        return post(CLIENT, uri, body);
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
