package io.lambdascope.extension.export;

import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportConfig;
import io.lambdascope.extension.config.ExportProtocol;
import io.lambdascope.extension.export.RecordingServer.Answer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the exporter sends and how it reads answers, against a server that records requests and answers from a script. */
class ExportAnswersTest {

    private static final String SECRET = "s3cr3t-token-value";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RecordingServer server;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger exportLogger = Logger.getLogger("io.lambdascope.extension.export");
    private Level levelBefore;
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = RecordingServer.http();
        levelBefore = exportLogger.getLevel();
        exportLogger.setLevel(Level.ALL);
        exportLogger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        exportLogger.removeHandler(capture);
        exportLogger.setLevel(levelBefore);
        server.close();
    }

    private Exporter exporter(ExportProtocol protocol, Map<String, String> headers) {
        return Exporters.from(new ExportConfig(Optional.of(URI.create(server.endpoint() + "/otlp/")), protocol, headers,
                Optional.empty(), Compression.GZIP, Duration.ofSeconds(2), Optional.empty(), Optional.empty(), false), System.out);
    }

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    @Test
    void headersPathAndContentTypeArrive() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + SECRET);
        headers.put("x-tenant", "t1");
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, headers)) {
            assertTrue(exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT)).sent());
            assertFalse(exporter.toString().contains(SECRET), exporter.toString());
            assertTrue(exporter.toString().contains("Authorization"), exporter.toString());
        }
        RecordingServer.Request request = server.requests().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/otlp/v1/traces", request.path());
        assertEquals("Bearer " + SECRET, request.headers().getFirst("Authorization"));
        assertEquals("t1", request.headers().getFirst("X-tenant"));
        assertEquals("application/x-protobuf", request.headers().getFirst("Content-Type"));
        assertEquals("gzip", request.headers().getFirst("Content-Encoding"));
        assertEquals(Requests.traces(1), ExportTraceServiceRequest.parseFrom(request.content()));
    }

    @Test
    void jsonRequestsSayTheirType() throws IOException {
        try (Exporter exporter = exporter(ExportProtocol.HTTP_JSON, Map.of())) {
            assertTrue(exporter.export(Signal.LOGS, Requests.logs(), in(WAIT)).sent());
        }
        RecordingServer.Request request = server.requests().getFirst();
        assertEquals("/otlp/v1/logs", request.path());
        assertEquals("application/json", request.headers().getFirst("Content-Type"));
        assertEquals(Requests.logs(), OtlpJsonReader.read(request.content(), ExportLogsServiceRequest.getDefaultInstance()));
    }

    @Test
    void headersTheClientCannotSendAreLeftOutAndTheRestGo() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Connection", "close");
        headers.put("Content-Type", "text/plain");
        headers.put("x-api-key", SECRET);
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, headers)) {
            assertTrue(exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT)).sent());
        }
        RecordingServer.Request request = server.requests().getFirst();
        assertEquals(SECRET, request.headers().getFirst("X-api-key"));
        assertEquals("application/x-protobuf", request.headers().getFirst("Content-Type"));
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING && String.valueOf(r.getParameters()[0]).equals("Connection")));
    }

    @Test
    void headerValuesNeverReachLogsOrResults() {
        server.answer(Answer.status(503), Answer.status(503), Answer.status(401));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of("Authorization", SECRET, "Bad\nName", SECRET))) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT));
            assertEquals(ExportResult.Outcome.REJECTED, result.outcome());
            assertEquals(3, result.attempts());
            assertFalse(result.toString().contains(SECRET));
        }
        synchronized (logged) {
            assertFalse(logged.isEmpty());
            for (LogRecord record : logged) {
                String text = new java.util.logging.SimpleFormatter().formatMessage(record);
                assertFalse(text.contains(SECRET), text);
            }
        }
    }

    @Test
    void retryAfterIsWaitedOut() {
        server.answer(Answer.status(429).with("Retry-After", "1"));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            ExportResult result = exporter.export(Signal.METRICS, Requests.metrics(), in(WAIT));
            assertEquals(ExportResult.Outcome.SENT, result.outcome());
            assertEquals(2, result.attempts());
        }
        List<RecordingServer.Request> requests = server.requests();
        long gap = requests.get(1).arrivalNanos() - requests.get(0).arrivalNanos();
        assertTrue(gap >= Duration.ofSeconds(1).toNanos(), "retried after " + Duration.ofNanos(gap).toMillis() + " ms");
    }

    @Test
    void retryAfterAsAnHttpDateIsWaitedOut() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        server.answer(Answer.status(503).with("Retry-After", date));
        long sent = System.nanoTime();
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            ExportResult result = exporter.export(Signal.METRICS, Requests.metrics(), in(WAIT));
            assertEquals(2, result.attempts());
            assertTrue(result.sent());
        }
        // The date has whole seconds: the wait is more than one second, less than two.
        long gap = server.requests().get(1).arrivalNanos() - sent;
        assertTrue(gap >= Duration.ofSeconds(1).toNanos(), "retried after " + Duration.ofNanos(gap).toMillis() + " ms");
    }

    @Test
    void retryAfterPastTheDeadlineEndsTheCallAtOnce() {
        server.answer(Answer.status(503).with("Retry-After", "30"));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            long deadline = in(Duration.ofSeconds(5));
            ExportResult result = exporter.export(Signal.METRICS, Requests.metrics(), deadline);
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertEquals(1, result.attempts());
            assertTrue(System.nanoTime() < deadline, "it did not wait for a retry it could not make");
        }
    }

    @Test
    void partialSuccessInProtobufIsCounted() {
        byte[] body = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(3).setErrorMessage("spans too old")).build().toByteArray();
        server.answer(Answer.body(200, "application/x-protobuf", body));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(5), in(WAIT));
            assertEquals(ExportResult.Outcome.SENT, result.outcome());
            assertEquals(3, result.rejectedItems());
            assertEquals(1, result.attempts());
        }
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("3 rejected")));
    }

    @Test
    void partialSuccessOfMetricsInProtobufIsCounted() {
        byte[] body = ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(7)).build().toByteArray();
        server.answer(Answer.body(200, "application/x-protobuf", body));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            assertEquals(7, exporter.export(Signal.METRICS, Requests.metrics(), in(WAIT)).rejectedItems());
        }
    }

    @Test
    void partialSuccessInJsonIsCounted() {
        server.answer(Answer.body(200, "application/json",
                "{\"partialSuccess\":{\"rejectedLogRecords\":\"2\",\"errorMessage\":\"too long\"}}".getBytes(StandardCharsets.UTF_8)),
                Answer.body(200, "application/json; charset=utf-8",
                        "{\"partial_success\":{\"rejected_log_records\":4}}".getBytes(StandardCharsets.UTF_8)),
                Answer.body(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_JSON, Map.of())) {
            assertEquals(2, exporter.export(Signal.LOGS, Requests.logs(), in(WAIT)).rejectedItems());
            assertEquals(4, exporter.export(Signal.LOGS, Requests.logs(), in(WAIT)).rejectedItems());
            ExportResult full = exporter.export(Signal.LOGS, Requests.logs(), in(WAIT));
            assertEquals(new ExportResult(ExportResult.Outcome.SENT, 1, full.bytesSent(), 0, Optional.empty()), full);
        }
    }

    @Test
    void anUnreadableSuccessIsStillSent() {
        server.answer(Answer.body(200, "application/x-protobuf", "<html>ok</html>".getBytes(StandardCharsets.UTF_8)));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT));
            assertEquals(ExportResult.Outcome.SENT, result.outcome());
            assertEquals(0, result.rejectedItems());
        }
    }

    @Test
    void aHugeAnswerIsCutShortAndTheDataStillSent() {
        byte[] huge = new byte[4 << 20];
        java.util.Arrays.fill(huge, (byte) 'x');
        server.answer(Answer.body(200, "application/x-protobuf", huge), Answer.status(200));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT));
            assertEquals(ExportResult.Outcome.SENT, result.outcome());
            assertEquals(0, result.rejectedItems());
            assertTrue(exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT)).sent(), "the next request finds a connection");
        }
    }

    @Test
    void aGzipAnswerIsInflated() throws IOException {
        byte[] body = ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(2)).build().toByteArray();
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(zipped)) {
            zip.write(body);
        }
        server.answer(Answer.body(200, "application/x-protobuf", zipped.toByteArray()).with("Content-Encoding", "gzip"));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            assertEquals(2, exporter.export(Signal.TRACES, Requests.traces(3), in(WAIT)).rejectedItems());
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        server.answer(Answer.status(307).with("Location", server.endpoint() + "/elsewhere"));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT));
            assertEquals(ExportResult.Outcome.REJECTED, result.outcome());
        }
        assertEquals(1, server.requests().size());
    }

    @Test
    void closeEndsARetryWait() throws Exception {
        server.answer(Answer.status(503).with("Retry-After", "8"));
        Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of());
        java.util.concurrent.CompletableFuture<ExportResult> result = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> exporter.export(Signal.TRACES, Requests.traces(1), in(WAIT)));
        while (server.requests().isEmpty()) {
            Thread.onSpinWait();
        }
        exporter.close();
        ExportResult ended = result.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(ExportResult.Outcome.FAILED, ended.outcome());
        assertEquals(1, ended.attempts());
    }

    @Test
    void aRequestInFlightIsAbandonedWhenTheTimeIsUp() {
        CountDownLatch never = new CountDownLatch(1);
        server.answer(Answer.heldUntil(never));
        try (Exporter exporter = exporter(ExportProtocol.HTTP_PROTOBUF, Map.of())) {
            long deadline = in(Duration.ofMillis(300));
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(1), deadline);
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertEquals(1, result.attempts());
        } finally {
            never.countDown();
        }
    }
}
