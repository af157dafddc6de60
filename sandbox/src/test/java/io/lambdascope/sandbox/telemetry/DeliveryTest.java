package io.lambdascope.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batching, freezing, draining, dropping and retrying against a real listener on loopback. */
class DeliveryTest {

    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final QueueLimits FAST_RETRIES = new QueueLimits(100_000, 64L << 20, Duration.ofMillis(5));

    private Listener listener;
    private TelemetryApi api;

    @BeforeEach
    void start() throws Exception {
        listener = new Listener();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        listener.close();
    }

    private void subscribe(QueueLimits limits, String types, int maxItems, int maxBytes, int timeoutMs) {
        subscribe(LogFormat.TEXT, limits, types, maxItems, maxBytes, timeoutMs);
    }

    private void subscribe(LogFormat format, QueueLimits limits, String types, int maxItems, int maxBytes, int timeoutMs) {
        api = new TelemetryApi(InstantSource.system(), format, limits);
        String body = "{\"schemaVersion\":\"2022-12-13\",\"types\":" + types
                + ",\"buffering\":{\"maxItems\":" + maxItems + ",\"maxBytes\":" + maxBytes + ",\"timeoutMs\":" + timeoutMs + "}"
                + ",\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"" + listener.uri() + "\"}}";
        api.subscribe("collector", Subscription.parse(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sendsABatchWhenItHoldsMaxItems() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 1_000, 1_048_576, 30_000);
        for (int i = 0; i < 1_001; i++) {
            api.functionLine("line " + i);
        }
        Listener.Batch batch = listener.next();
        assertEquals(1_000, batch.events().size());
        assertEquals("line 0", batch.events().getFirst().get("record").asText());
        assertEquals("line 999", batch.events().getLast().get("record").asText());
    }

    @Test
    void cutsConsecutiveFullBatchesInOrderAndLeavesTheRestForItsTimeout() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 1_000, 1_048_576, 30_000);
        for (int i = 0; i < 2_500; i++) {
            api.functionLine("line " + i);
        }
        assertEquals("line 0", listener.next().events().getFirst().get("record").asText());
        Listener.Batch second = listener.next();
        assertEquals(1_000, second.events().size());
        assertEquals("line 1000", second.events().getFirst().get("record").asText());
        api.drain(DRAIN);
        Listener.Batch rest = listener.next(0, TimeUnit.SECONDS);
        assertEquals(500, rest.events().size());
        assertEquals("line 2499", rest.events().getLast().get("record").asText());
    }

    @Test
    void sendsAnEventLargerThanMaxBytesAlone() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 1_000, 262_144, 30_000);
        api.functionLine("small");
        api.functionLine("x".repeat(300_000));
        api.functionLine("after");
        api.drain(DRAIN);
        assertEquals(1, listener.next(0, TimeUnit.SECONDS).events().size());
        Listener.Batch large = listener.next(0, TimeUnit.SECONDS);
        assertEquals(1, large.events().size());
        assertTrue(large.bytes() > 300_000);
        assertEquals("after", listener.next(0, TimeUnit.SECONDS).events().getFirst().get("record").asText());
    }

    @Test
    void sendsABatchBeforeItWouldPassMaxBytes() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 10_000, 262_144, 30_000);
        String padding = "x".repeat(1_000);
        for (int i = 0; i < 300; i++) {
            api.functionLine(i + " " + padding);
        }
        Listener.Batch batch = listener.next();
        assertTrue(batch.bytes() <= 262_144, "batch of " + batch.bytes() + " bytes");
        int eventBytes = batch.bytes() / batch.events().size();
        assertTrue(batch.bytes() + eventBytes > 262_144, "one more event would have fit: " + batch.bytes());
        assertTrue(batch.events().size() < 300);
    }

    @Test
    void sendsALoneEventOnceTimeoutMsPassed() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 1_000, 262_144, 25);
        api.functionLine("alone");
        Listener.Batch batch = listener.next();
        assertEquals(1, batch.events().size());
        JsonNode event = batch.events().getFirst();
        assertEquals("function", event.get("type").asText());
        assertEquals("alone", event.get("record").asText());
        assertTrue(event.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), event.toString());
    }

    @Test
    void deliversTextLinesAsStringsAndJsonFormatLinesAsObjects() throws Exception {
        subscribe(LogFormat.JSON, QueueLimits.DEFAULT, "[\"function\",\"extension\"]", 1_000, 262_144, 30_000);
        api.currentRequestId(Optional.of("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa"));
        api.functionLine("{\"level\":\"ERROR\",\"message\":\"structured\",\"orderId\":42}");
        api.functionLine("printed");
        api.currentRequestId(Optional.empty());
        api.extensionLine("collector", "between invocations");
        api.drain(DRAIN);
        List<JsonNode> events = listener.next(0, TimeUnit.SECONDS).events();
        assertEquals("{\"level\":\"ERROR\",\"message\":\"structured\",\"orderId\":42}", events.get(0).get("record").toString());
        JsonNode printed = events.get(1).get("record");
        assertEquals(List.of("timestamp", "level", "requestId", "message"), names(printed));
        assertEquals(events.get(1).get("time"), printed.get("timestamp"));
        assertEquals("INFO", printed.get("level").asText());
        assertEquals("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa", printed.get("requestId").asText());
        assertEquals("printed", printed.get("message").asText());
        assertEquals("extension", events.get(2).get("type").asText());
        assertEquals(List.of("timestamp", "level", "message"), names(events.get(2).get("record")));

        api.close();
        subscribe(LogFormat.TEXT, QueueLimits.DEFAULT, "[\"function\"]", 1_000, 262_144, 30_000);
        api.functionLine("{\"level\":\"ERROR\"}");
        api.drain(DRAIN);
        JsonNode text = listener.next(0, TimeUnit.SECONDS).events().getFirst().get("record");
        assertTrue(text.isTextual());
        assertEquals("{\"level\":\"ERROR\"}", text.asText());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void holdsDeliveryWhilePausedAndSendsWhatIsDueOnResume() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 1_000, 262_144, 25);
        api.pause();
        api.functionLine("while frozen");
        assertNull(listener.next(500, TimeUnit.MILLISECONDS), "delivered while paused");
        api.resume();
        assertEquals("while frozen", listener.next().events().getFirst().get("record").asText());
    }

    @Test
    void drainDeliversEverythingQueuedWithoutWaitingForTheTimeout() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"platform\",\"function\"]", 1_000, 262_144, 30_000);
        for (int i = 0; i < 5; i++) {
            api.functionLine("line " + i);
        }
        api.drain(DRAIN);
        Listener.Batch batch = listener.next(0, TimeUnit.SECONDS);
        assertNotNull(batch, "drain returned before the batch was delivered");
        assertEquals(List.of("platform.telemetrySubscription", "function", "function", "function", "function", "function"),
                batch.types());
        SubscriberReport report = api.report().getFirst();
        assertEquals(1, report.batchesDelivered());
        assertEquals(5, report.eventsByType().get("function"));
        assertEquals(batch.bytes(), report.bytesDelivered());
    }

    @Test
    void drainDeliversEvenWhilePaused() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"function\"]", 1_000, 262_144, 30_000);
        api.pause();
        api.functionLine("last words");
        api.drain(DRAIN);
        assertNotNull(listener.next(0, TimeUnit.SECONDS));
    }

    @Test
    void tellsASubscriberWhatItsFullQueueDropped() throws Exception {
        subscribe(new QueueLimits(10, 64L << 20, Duration.ofMillis(5)), "[\"platform\",\"function\"]", 1_000, 262_144, 30_000);
        api.pause();
        for (int i = 0; i < 15; i++) {
            api.functionLine("line " + i); // the subscription event and 9 lines fit
        }
        assertEquals(6, api.report().getFirst().droppedRecords());
        api.resume();
        api.drain(DRAIN);
        List<JsonNode> events = new ArrayList<>();
        Listener.Batch batch;
        while ((batch = listener.next(0, TimeUnit.SECONDS)) != null) {
            events.addAll(batch.events());
        }
        assertEquals(11, events.size());
        JsonNode dropped = events.getLast();
        assertEquals("platform.logsDropped", dropped.get("type").asText());
        assertEquals(6, dropped.get("record").get("droppedRecords").asLong());
        assertTrue(dropped.get("record").get("droppedBytes").asLong() > 6 * "line 10".length());
        assertEquals(6, api.report().getFirst().droppedRecords());
    }

    @Test
    void retriesAFailedPostAndCountsTheBatchOnceEveryAttemptFailed() throws Exception {
        subscribe(FAST_RETRIES, "[\"function\"]", 1_000, 262_144, 30_000);
        listener.answerAlways(500);
        api.functionLine("unlucky");
        api.drain(DRAIN);
        assertEquals(Subscriber.MAX_ATTEMPTS, listener.requests());
        SubscriberReport report = api.report().getFirst();
        assertEquals(1, report.deliveryFailures());
        assertEquals(0, report.batchesDelivered());
    }

    @Test
    void aBatchGivenUpIsAnnouncedAsDropped() throws Exception {
        subscribe(FAST_RETRIES, "[\"platform\",\"function\"]", 1_000, 262_144, 30_000);
        listener.answer(500, 500, 500);
        api.functionLine("lost");
        api.drain(DRAIN);
        Listener.Batch notice = listener.next(0, TimeUnit.SECONDS);
        assertEquals(List.of("platform.logsDropped"), notice.types());
        assertEquals(2, notice.events().getFirst().get("record").get("droppedRecords").asLong());
        SubscriberReport report = api.report().getFirst();
        assertEquals(1, report.deliveryFailures());
        assertEquals(2, report.droppedRecords());
        assertEquals(1, report.batchesDelivered());
    }

    @Test
    void anUnreachableListenerCostsABoundedNumberOfPosts() throws Exception {
        subscribe(FAST_RETRIES, "[\"platform\",\"function\"]", 1_000, 262_144, 30_000);
        listener.answerAlways(503);
        api.functionLine("lost");
        api.drain(DRAIN);
        assertEquals(2 * Subscriber.MAX_ATTEMPTS, listener.requests()); // the batch, then its drop notice
        assertEquals(2, api.report().getFirst().deliveryFailures());
    }

    /** An extension whose process has ended has no listener left: nothing more is posted to it. */
    @Test
    void anExtensionThatExitedIsPostedNothingMore() throws Exception {
        subscribe(FAST_RETRIES, "[\"function\"]", 1_000, 262_144, 25);
        api.functionLine("before");
        api.drain(DRAIN);
        assertEquals("before", listener.next(0, TimeUnit.SECONDS).events().getFirst().get("record").asText());
        int posts = listener.requests();

        api.extensionExited("collector");
        api.functionLine("after");
        api.drain(DRAIN);

        assertNull(listener.next(0, TimeUnit.SECONDS));
        assertEquals(posts, listener.requests());
    }

    @Test
    void aRetryThatSucceedsDeliversTheBatch() throws Exception {
        subscribe(FAST_RETRIES, "[\"function\"]", 1_000, 262_144, 30_000);
        listener.answer(500, 503);
        api.functionLine("third time lucky");
        api.drain(DRAIN);
        assertEquals("third time lucky", listener.next(0, TimeUnit.SECONDS).events().getFirst().get("record").asText());
        SubscriberReport report = api.report().getFirst();
        assertEquals(0, report.deliveryFailures());
        assertEquals(1, report.batchesDelivered());
    }

    @Test
    void replaysEarlierEventsToANewSubscriberAndRepublishesItsSubscription() throws Exception {
        api = new TelemetryApi(InstantSource.fixed(Instant.parse("2022-10-12T00:00:15Z")), LogFormat.TEXT);
        api.publish(PlatformEvents.extension(Instant.parse("2022-10-12T00:00:15Z"), "collector", "Ready", List.of("INVOKE")));
        api.extensionLine("collector", "starting");
        String body = "{\"schemaVersion\":\"2025-01-29\",\"types\":[\"platform\",\"extension\"],\"buffering\":{\"timeoutMs\":25},"
                + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"" + listener.uri() + "\"}}";
        api.subscribe("collector", Subscription.parse(body.getBytes(StandardCharsets.UTF_8)));
        api.drain(DRAIN);
        Listener.Batch batch = listener.next(0, TimeUnit.SECONDS);
        assertEquals(List.of("platform.extension", "extension", "platform.telemetrySubscription"), batch.types());
        JsonNode subscription = batch.events().getLast();
        assertEquals("2022-10-12T00:00:15.000Z", subscription.get("time").asText());
        assertEquals("{\"name\":\"collector\",\"state\":\"Subscribed\",\"types\":[\"platform\",\"extension\"]}",
                subscription.get("record").toString());
    }

    @Test
    void aSecondSubscriptionReplacesTheFirst() throws Exception {
        subscribe(QueueLimits.DEFAULT, "[\"platform\"]", 1_000, 262_144, 30_000);
        String body = "{\"schemaVersion\":\"2022-12-13\",\"types\":[\"function\"],\"buffering\":{\"timeoutMs\":30000},"
                + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"" + listener.uri() + "\"}}";
        api.subscribe("collector", Subscription.parse(body.getBytes(StandardCharsets.UTF_8)));
        api.functionLine("only once");
        api.drain(DRAIN);
        assertEquals(List.of("function"), listener.next(0, TimeUnit.SECONDS).types());
        assertNull(listener.next(0, TimeUnit.SECONDS));
        List<SubscriberReport> reports = api.report();
        assertEquals(1, reports.size());
        assertEquals(List.of("function"), reports.getFirst().types());
    }

    @Test
    void lostFunctionLinesNeverArriveAndAreAnnouncedAsDropped() throws Exception {
        subscribe(FAST_RETRIES, "[\"platform\",\"function\"]", 1_000, 1_048_576, 25);
        api.loseFunctionLines(2);
        for (int i = 0; i < 5; i++) {
            api.functionLine("line " + i);
        }
        api.drain(DRAIN);
        List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
        while (events.stream().filter(e -> e.get("type").asText().equals("function")).count() < 3
                || events.stream().noneMatch(e -> e.get("type").asText().equals("platform.logsDropped"))) {
            events.addAll(listener.next().events());
        }
        assertEquals(List.of("line 2", "line 3", "line 4"), events.stream().filter(e -> e.get("type").asText().equals("function"))
                .map(e -> e.get("record").asText()).toList());
        assertEquals(2, events.stream().filter(e -> e.get("type").asText().equals("platform.logsDropped"))
                .mapToLong(e -> e.get("record").get("droppedRecords").asLong()).sum());
        assertEquals(2, api.report().getFirst().droppedRecords());
    }
}
