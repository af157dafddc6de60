package io.lambdascope.extension.flush;

import com.google.protobuf.Message;
import io.lambdascope.extension.batch.ExportRequests;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.config.FlushConfig;
import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.tags.ResourceTags;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlusherTest {

    /**
     * An exporter that answers log exports from a script of outcomes (then SENT), every other
     * signal with SENT, and keeps what it was given. The tests buffer logs; the metrics the
     * registry gathers go out beside them.
     */
    private static final class ScriptedExporter implements Exporter {
        final Queue<ExportResult.Outcome> script = new ArrayDeque<>();
        final List<Message> requests = new CopyOnWriteArrayList<>();
        final BlockingQueue<Message> arrivals = new LinkedBlockingQueue<>();

        @Override
        public synchronized ExportResult export(Signal signal, Message request, long deadlineNanos) {
            ExportResult.Outcome outcome = signal != Signal.LOGS || script.isEmpty() ? ExportResult.Outcome.SENT : script.poll();
            if (outcome == ExportResult.Outcome.SENT) {
                requests.add(request);
                arrivals.add(request);
            }
            return new ExportResult(outcome, 1, request.getSerializedSize(), 0, Optional.empty());
        }

        @Override
        public void close() {
        }

        long logRecordsSent() {
            return requests.stream().filter(r -> r instanceof ExportLogsServiceRequest)
                    .mapToLong(r -> ((ExportLogsServiceRequest) r).getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).sum();
        }
    }

    /** An exporter whose exports wait until released, as a slow backend's do; it notes each logs batch's size. */
    private static final class HeldExporter implements Exporter {
        final CountDownLatch exporting = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> logBatches = new CopyOnWriteArrayList<>();
        volatile Thread thread;

        @Override
        public ExportResult export(Signal signal, Message request, long deadlineNanos) {
            thread = Thread.currentThread();
            if (request instanceof ExportLogsServiceRequest logs) {
                logBatches.add(logs.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount());
            }
            exporting.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExportResult(ExportResult.Outcome.SENT, 1, request.getSerializedSize(), 0, Optional.empty());
        }

        @Override
        public void close() {
        }
    }

    private final MetricRegistry metrics = new MetricRegistry();
    private final ExportHealth health = new ExportHealth(metrics);
    private final TelemetryBuffer buffer = new TelemetryBuffer(1 << 20, (signal, items) -> { });
    private final ScriptedExporter exporter = new ScriptedExporter();
    private Flusher flusher;

    private Flusher flusher(FlushStrategy strategy, Duration interval, long batchMaxItems) {
        FlushConfig config = new FlushConfig(strategy, interval, batchMaxItems, 0, 1 << 20, Duration.ofMillis(50), Duration.ofMillis(1500));
        flusher = new Flusher(buffer, exporter, ExportRequests.of(Resource.getDefaultInstance(), "test"), metrics, health, config,
                Duration.ofSeconds(2));
        return flusher;
    }

    /** An end-of-invocation flusher in batches of 100. */
    private Flusher flusher(Exporter to, ResourceTags tags, Duration exportTimeout) {
        FlushConfig config = new FlushConfig(FlushStrategy.END_OF_INVOCATION, Duration.ofSeconds(20), 100, 0, 1 << 20,
                Duration.ofMillis(50), Duration.ofMillis(1500));
        flusher = new Flusher(buffer, to, ExportRequests.of(Resource.getDefaultInstance(), "test"), tags, metrics, health, config,
                exportTimeout);
        return flusher;
    }

    @AfterEach
    void close() {
        flusher.close();
    }

    private void logs(int n) {
        for (int i = 0; i < n; i++) {
            buffer.add(Signal.LOGS, LogRecord.newBuilder().setTimeUnixNano(i + 1).build());
        }
    }

    @Test
    void aFlushSendsEverythingInBatchesWithTheMetricsGatheredSoFar() throws Exception {
        flusher(FlushStrategy.END_OF_INVOCATION, Duration.ofSeconds(20), 4);
        logs(10);
        metrics.counter("faas.coldstarts", "{coldstart}", "").add(1, Attributes.empty());

        assertTrue(flusher.flush().get(10, TimeUnit.SECONDS));

        assertEquals(10, exporter.logRecordsSent());
        assertEquals(List.of(4, 4, 2), exporter.requests.stream().filter(r -> r instanceof ExportLogsServiceRequest)
                .map(r -> ((ExportLogsServiceRequest) r).getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).toList());
        assertTrue(exporter.requests.stream().anyMatch(r -> r instanceof ExportMetricsServiceRequest m
                && m.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream().anyMatch(x -> x.getName().equals("faas.coldstarts"))));
        assertTrue(buffer.isEmpty());
    }

    /**
     * Each signal has its own endpoint: a flush sends them side by side, so it lasts one round trip
     * to the backend, not one per signal. This exporter answers only once every signal's export
     * has begun, which exports one after another would never see.
     */
    @Test
    void theSignalsOfAFlushGoOutSideBySide() throws Exception {
        CountDownLatch begun = new CountDownLatch(Signal.values().length);
        Set<Signal> sent = ConcurrentHashMap.newKeySet();
        Exporter allAtOnce = new Exporter() {
            @Override
            public ExportResult export(Signal signal, Message request, long deadlineNanos) {
                begun.countDown();
                try {
                    if (begun.await(10, TimeUnit.SECONDS)) {
                        sent.add(signal);
                        return new ExportResult(ExportResult.Outcome.SENT, 1, request.getSerializedSize(), 0, Optional.empty());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ExportResult(ExportResult.Outcome.FAILED, 1, 0, 0, Optional.of("the other signals did not come"));
            }

            @Override
            public void close() {
            }
        };
        flusher(allAtOnce, ResourceTags.NONE, Duration.ofSeconds(20));
        logs(2);
        buffer.add(Signal.TRACES, Span.newBuilder().setName("handler").build());
        metrics.counter("faas.coldstarts", "{coldstart}", "").add(1, Attributes.empty());

        assertTrue(flusher.flush().get(30, TimeUnit.SECONDS));
        assertEquals(EnumSet.allOf(Signal.class), sent);
        assertTrue(buffer.isEmpty());
    }

    /** Tags that are in once {@link #arrive} is called; until then every wait lasts until its deadline. */
    private static final class LateTags implements ResourceTags {
        final CompletableFuture<Map<String, String>> tags = new CompletableFuture<>();
        /** The deadline of the last wait asked for. */
        volatile long askedUntilNanos;

        @Override
        public Optional<Map<String, String>> await(long deadlineNanos) {
            askedUntilNanos = deadlineNanos;
            try {
                return Optional.of(tags.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (Exception e) {
                return Optional.empty();
            }
        }
    }

    @Test
    void whileTheTagsAreBeingReadTelemetryWaitsThenGoesOutWithThem() throws Exception {
        LateTags tags = new LateTags();
        flusher(exporter, tags, Duration.ofMillis(100));
        logs(3);

        assertFalse(flusher.flush().get(10, TimeUnit.SECONDS), "the flush's deadline came before the tags");
        assertTrue(exporter.requests.isEmpty(), "nothing goes out without the tags: " + exporter.requests);
        assertEquals(3, buffer.size(Signal.LOGS));
        assertTrue(flusher.worthWaiting(), "waiting for tags is no export failure");

        tags.tags.complete(Map.of("team", "payments"));
        assertTrue(flusher.flush().get(10, TimeUnit.SECONDS));
        assertEquals(3, exporter.logRecordsSent());
        assertTrue(exporter.requests.stream().allMatch(request -> request.toString().contains("payments")), exporter.requests.toString());
    }

    @Test
    void theLastFlushWaitsForTheTagsHalfItsTimeThenSendsWithout() throws Exception {
        LateTags tags = new LateTags();
        flusher(exporter, tags, Duration.ofSeconds(2));
        logs(3);

        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(600);
        assertTrue(flusher.finish(deadline));
        // Half the time left when it began, measured from a moment at or after start.
        assertTrue(tags.askedUntilNanos - (start + (deadline - start) / 2) >= 0, "waited for the tags until halfway at the earliest");
        assertTrue(deadline - tags.askedUntilNanos > 0, "kept time to send before the deadline");
        assertEquals(3, exporter.logRecordsSent());
        assertTrue(exporter.requests.stream().noneMatch(request -> request.toString().contains("team")), "sent without the tags");
    }

    @Test
    void failedItemsGoBackAndThreeFailuresStopInvocationsWaiting() throws Exception {
        flusher(FlushStrategy.END_OF_INVOCATION, Duration.ofSeconds(20), 100);
        logs(3);
        for (int i = 0; i < CircuitBreaker.FAILURES_TO_OPEN; i++) {
            exporter.script.add(ExportResult.Outcome.FAILED);
            assertTrue(flusher.worthWaiting());
            assertFalse(flusher.flush().get(10, TimeUnit.SECONDS));
            assertEquals(3, buffer.size(Signal.LOGS), "kept for a later flush");
        }
        assertFalse(flusher.worthWaiting(), "the breaker is open");

        // The last flush at SHUTDOWN goes out whatever the breaker says.
        assertTrue(flusher.finish(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
        assertEquals(3, exporter.logRecordsSent());
    }

    @Test
    void aBatchStillBeingExportedAtTheShutdownDeadlineIsCountedAsUnconfirmedAndNeverAsExported() throws Exception {
        HeldExporter stuck = new HeldExporter();
        flusher(stuck, ResourceTags.NONE, Duration.ofSeconds(2));
        logs(4);
        flusher.flush();
        assertTrue(stuck.exporting.await(10, TimeUnit.SECONDS));

        assertFalse(flusher.finish(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
        stuck.release.countDown();
        // The flush thread, closed by finish(), ends once the late export has returned to it.
        stuck.thread.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(stuck.thread.isAlive());

        assertEquals(4, health.droppedTotal(ExportHealth.DropReason.SHUTDOWN_UNCONFIRMED), health.summary());
        assertTrue(health.summary().startsWith("exported 0 items"), "the export that ended after the deadline is not counted: "
                + health.summary());
        assertEquals(4, buffer.taken());
    }

    @Test
    void rejectedItemsAreDroppedAndCounted() throws Exception {
        flusher(FlushStrategy.END_OF_INVOCATION, Duration.ofSeconds(20), 100);
        logs(5);
        exporter.script.add(ExportResult.Outcome.REJECTED);

        assertTrue(flusher.flush().get(10, TimeUnit.SECONDS), "nothing is left to send");
        assertTrue(buffer.isEmpty());
        assertEquals(5, health.droppedTotal(ExportHealth.DropReason.REJECTED));
        assertTrue(health.summary().contains("5 logs rejected"), health.summary());
    }

    @Test
    void flushIfDueWaitsForTheInterval() throws Exception {
        flusher(FlushStrategy.PERIODIC, Duration.ofHours(1), 100);
        logs(1);
        assertTrue(flusher.flushIfDue().isDone(), "not due: nothing to wait for");
        assertTrue(exporter.requests.isEmpty());

        flusher(FlushStrategy.PERIODIC, Duration.ZERO, 100);
        assertTrue(flusher.flushIfDue().get(10, TimeUnit.SECONDS));
        assertEquals(1, exporter.logRecordsSent());
    }

    @Test
    void continuousFlushesOnItsOwnWhenTheIntervalComesRound() throws Exception {
        flusher(FlushStrategy.CONTINUOUS, Duration.ofMillis(1), 100);
        logs(2);
        // Nothing asks for this flush: the export thread's own timer does.
        Message request = exporter.arrivals.poll(10, TimeUnit.SECONDS);
        assertTrue(request instanceof ExportLogsServiceRequest, String.valueOf(request));
        assertEquals(2, exporter.logRecordsSent());
    }

    /**
     * Between Lambda's invocations the environment is frozen, so one export spans several of them;
     * a flush that chased what arrived meanwhile sent a small batch for each.
     */
    @Test
    void whatArrivesDuringAFlushWaitsForTheNextOne() throws Exception {
        HeldExporter slow = new HeldExporter();
        flusher(slow, ResourceTags.NONE, Duration.ofSeconds(2));
        logs(150);
        CompletableFuture<Boolean> first = flusher.flush();
        assertTrue(slow.exporting.await(10, TimeUnit.SECONDS));
        logs(3);
        slow.release.countDown();

        assertTrue(first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(100, 50), slow.logBatches, "the 150 buffered when the flush began, in batches of 100");
        assertEquals(3, buffer.size(Signal.LOGS));
        assertTrue(flusher.flush().get(10, TimeUnit.SECONDS));
        assertEquals(List.of(100, 50, 3), slow.logBatches);
        assertTrue(buffer.isEmpty());
    }

    @Test
    void aFullBatchStartsAFlush() throws Exception {
        flusher(FlushStrategy.END_OF_INVOCATION, Duration.ofHours(1), 3);
        logs(2);
        flusher.flushIfBatchReady();
        logs(1);
        flusher.flushIfBatchReady();
        assertTrue(flusher.flush().get(10, TimeUnit.SECONDS));
        assertEquals(3, exporter.logRecordsSent());
    }
}
