package io.lambdascope.extension.export;

import com.google.protobuf.Message;
import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportConfig;
import io.lambdascope.extension.config.ExportProtocol;
import io.lambdascope.sandbox.sink.Fault;
import io.lambdascope.sandbox.sink.OtlpSink;
import io.lambdascope.sandbox.sink.SinkContents;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exporter against the sandbox's OTLP sink, which decodes what it receives and misbehaves on request. */
class OtlpHttpExporterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private OtlpSink sink;

    @BeforeEach
    void start() throws IOException {
        sink = OtlpSink.start();
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    static ExportConfig config(String endpoint, ExportProtocol protocol, Compression compression, Duration timeout) {
        return new ExportConfig(Optional.of(URI.create(endpoint)), protocol, Map.of(), Optional.empty(), compression, timeout,
                Optional.empty(), Optional.empty(), false);
    }

    private Exporter exporter(ExportProtocol protocol, Compression compression) {
        return Exporters.from(config(sink.endpoint(), protocol, compression, Duration.ofSeconds(2)), System.out);
    }

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    @ParameterizedTest
    @CsvSource({"HTTP_PROTOBUF, GZIP", "HTTP_PROTOBUF, NONE", "HTTP_JSON, GZIP", "HTTP_JSON, NONE"})
    void everySignalArrivesAsTheSameMessages(ExportProtocol protocol, Compression compression) throws Exception {
        try (Exporter exporter = exporter(protocol, compression)) {
            for (Signal signal : Signal.values()) {
                ExportResult result = exporter.export(signal, Requests.of(signal), in(WAIT));
                assertEquals(new ExportResult(ExportResult.Outcome.SENT, 1, result.bytesSent(), 0, Optional.empty()), result);
                assertTrue(result.bytesSent() > 0);
            }
        }
        SinkContents contents = sink.contents();
        assertEquals(List.of(Requests.traces(2)), contents.traceRequests());
        assertEquals(List.of(Requests.metrics()), contents.metricRequests());
        assertEquals(List.of(Requests.logs()), contents.logRequests());
        assertEquals(3, contents.counts().accepted());
    }

    @Test
    void jsonCarriesEveryFieldTheSinkKnows() throws Exception {
        ExportLogsServiceRequest full = FullMessages.of(ExportLogsServiceRequest.getDefaultInstance());
        try (Exporter exporter = exporter(ExportProtocol.HTTP_JSON, Compression.GZIP)) {
            assertTrue(exporter.export(Signal.LOGS, full, in(WAIT)).sent());
        }
        assertEquals(List.of(full), sink.contents().logRequests());
    }

    @Test
    void gzipShrinksTheBody() {
        Message request = Requests.traces(50);
        long gzip;
        long plain;
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            gzip = exporter.export(Signal.TRACES, request, in(WAIT)).bytesSent();
        }
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.NONE)) {
            plain = exporter.export(Signal.TRACES, request, in(WAIT)).bytesSent();
        }
        assertEquals(request.getSerializedSize(), plain);
        assertTrue(gzip < plain / 2, gzip + " bytes compressed, " + plain + " plain");
        assertEquals(List.of(request, request), sink.contents().traceRequests());
    }

    @Test
    void unavailableThenAcceptedIsSentOnTheSecondAttempt() {
        sink.fault(Fault.status(503).times(1));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(2), in(WAIT));
            assertEquals(ExportResult.Outcome.SENT, result.outcome());
            assertEquals(2, result.attempts());
        }
        assertEquals(1, sink.contents().traceRequests().size());
        assertEquals(1, sink.counts().faulted());
    }

    @Test
    void everyRetryableStatusIsRetried() {
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.NONE)) {
            for (int status : new int[] {429, 502, 503, 504}) {
                sink.fault(Fault.status(status).times(2));
                ExportResult result = exporter.export(Signal.LOGS, Requests.logs(), in(WAIT));
                assertEquals(ExportResult.Outcome.SENT, result.outcome(), "after " + status);
                assertEquals(3, result.attempts(), "after " + status);
            }
        }
    }

    @Test
    void badRequestIsRejectedAtOnce() {
        sink.fault(Fault.status(400));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            ExportResult result = exporter.export(Signal.METRICS, Requests.metrics(), in(WAIT));
            assertEquals(ExportResult.Outcome.REJECTED, result.outcome());
            assertEquals(1, result.attempts());
            assertTrue(result.problem().orElseThrow().contains("400"), result.problem().orElseThrow());
        }
        assertEquals(1, sink.counts().requests());
    }

    @Test
    void otherStatusesAreRejectedToo() {
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            for (int status : new int[] {401, 404, 408, 413, 500, 501}) {
                sink.fault(Fault.status(status));
                ExportResult result = exporter.export(Signal.METRICS, Requests.metrics(), in(WAIT));
                assertEquals(ExportResult.Outcome.REJECTED, result.outcome(), "status " + status);
                assertEquals(1, result.attempts(), "status " + status);
            }
        }
    }

    @Test
    void serverThatNeverAnswersFailsByTheDeadline() {
        sink.fault(Fault.neverAnswer());
        Exporter exporter = Exporters.from(config(sink.endpoint(), ExportProtocol.HTTP_PROTOBUF, Compression.GZIP,
                Duration.ofMillis(300)), System.out);
        try (exporter) {
            long deadline = in(Duration.ofMillis(1500));
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), deadline);
            long returned = System.nanoTime();
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            // Each attempt waits 300 ms, then backs off: more than one fits in the time, not more than five.
            assertTrue(result.attempts() >= 2 && result.attempts() <= 5, result.toString());
            assertTrue(returned <= deadline + Duration.ofSeconds(1).toNanos(),
                    "returned " + Duration.ofNanos(returned - deadline).toMillis() + " ms after the deadline");
            assertTrue(result.problem().orElseThrow().contains("no answer"), result.toString());
        }
    }

    @Test
    void theTimeLeftCutsTheRequestTimeout() {
        sink.fault(Fault.neverAnswer());
        try (Exporter exporter = Exporters.from(config(sink.endpoint(), ExportProtocol.HTTP_PROTOBUF, Compression.GZIP,
                Duration.ofSeconds(30)), System.out)) {
            long deadline = in(Duration.ofMillis(400));
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), deadline);
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertEquals(1, result.attempts());
            assertTrue(System.nanoTime() <= deadline + Duration.ofSeconds(1).toNanos());
        }
    }

    @Test
    void deadlineAlreadyPassedMakesNoAttempt() throws Exception {
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), System.nanoTime() - 1);
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertEquals(0, result.attempts());
            assertEquals(0, result.bytesSent());
        }
        assertEquals(0, sink.counts().requests());
    }

    @Test
    void connectionResetIsRetriedAtOnceOnANewConnection() {
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            // A first export leaves a pooled connection behind, as before a freeze.
            assertTrue(exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT)).sent());
            sink.fault(Fault.reset().times(1));
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(2), in(WAIT));
            assertEquals(ExportResult.Outcome.SENT, result.outcome(), result.toString());
            assertEquals(2, result.attempts());
        }
        assertEquals(List.of(Requests.traces(1), Requests.traces(2)), sink.contents().traceRequests());
    }

    @Test
    void connectionsThatKeepBreakingFailWithinTheAttempts() {
        sink.fault(Fault.reset());
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            ExportResult result = exporter.export(Signal.LOGS, Requests.logs(), in(WAIT));
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertEquals(RetryPolicy.DEFAULT.maxAttempts(), result.attempts());
        }
    }

    @Test
    void threadsShareOneExporter() throws Exception {
        sink.fault(Fault.status(503).times(5));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            exportAllSent(exporter, 40, 8);
        }
        SinkContents contents = sink.contents();
        assertEquals(40, contents.counts().accepted());
        assertEquals(14, contents.traceRequests().size());
        assertEquals(13, contents.metricRequests().size());
        assertEquals(13, contents.logRequests().size());
    }

    /**
     * Every thread of the process is woken each time the environment is thawed, so exports must
     * not leave threads of their own behind: each request's thread ends with it.
     */
    @Test
    void exportsLeaveNoThreadsBehind() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP)) {
            exportAllSent(exporter, 12, 3);
            List<Thread> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && thread.getName().startsWith("lambdascope-export"))
                    .toList();
            // A request's thread completes the answer just before it ends.
            for (Thread thread : left) {
                thread.join(Duration.ofSeconds(10));
                assertFalse(thread.isAlive(), thread.getName() + " is still running");
            }
        }
    }

    /** Exports {@code count} requests, the signals in turn, from {@code threads} threads at once; each must be sent. */
    private static void exportAllSent(Exporter exporter, int count, int threads) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<ExportResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                Signal signal = Signal.values()[i % 3];
                results.add(pool.submit(() -> exporter.export(signal, Requests.of(signal), in(WAIT))));
            }
            for (java.util.concurrent.Future<ExportResult> result : results) {
                assertEquals(ExportResult.Outcome.SENT, result.get().outcome(), result.get().toString());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void closedExporterRefuses() {
        Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Compression.GZIP);
        exporter.close();
        ExportResult result = exporter.export(Signal.LOGS, Requests.logs(), in(WAIT));
        assertEquals(ExportResult.Outcome.FAILED, result.outcome());
        assertEquals(0, result.attempts());
        assertEquals(0, sink.counts().requests());
    }
}
