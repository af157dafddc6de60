package io.lambdascope.extension.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TelemetryListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final BlockingQueue<List<TelemetryEvent>> batches = new LinkedBlockingQueue<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private TelemetryListener listener;
    private WebServer server;

    private URI start(Consumer<List<TelemetryEvent>> accept) {
        listener = new TelemetryListener(new TelemetrySink() {
            @Override
            public void accept(List<TelemetryEvent> batch) {
                accept.accept(batch);
            }

            @Override
            public void refused(String reason, long count) {
                refused.computeIfAbsent(reason, key -> new LongAdder()).add(count);
            }
        });
        server = WebServer.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownHook(false)
                .routing(listener::routing)
                .build()
                .start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
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

        // The listener still works afterwards.
        assertEquals(200, post(listenerUri, "[{\"time\":\"2022-10-12T00:00:15.064Z\",\"type\":\"function\",\"record\":\"hello\"}]").statusCode());
        List<TelemetryEvent> batch = batches.poll(10, TimeUnit.SECONDS);
        assertNotNull(batch);
        assertEquals("hello", batch.getFirst().record().asText());
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
    void answers503WhenTheConsumerIsBehindSoLambdaKeepsTheBatch() throws Exception {
        CountDownLatch consuming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        URI listenerUri = start(batch -> {
            consuming.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String body = "[{\"time\":\"t\",\"type\":\"function\",\"record\":\"line\"}]";

        assertEquals(200, post(listenerUri, body).statusCode());
        assertTrue(consuming.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < TelemetryListener.QUEUE_CAPACITY; i++) {
            assertEquals(200, post(listenerUri, body).statusCode());
        }
        assertEquals(503, post(listenerUri, body).statusCode());
        assertEquals(1, listener.rejected());
        assertEquals(Map.of("queue_full", 1L), refusedCounts());
        release.countDown();
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
        return CLIENT.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
