package io.lambdascope.extension.export;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StdoutExporterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Exporter exporter = new StdoutExporter(out);

    private static long later() {
        return System.nanoTime() + 10_000_000_000L;
    }

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "every line ends");
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, (int) text.chars().filter(c -> c == '\n').count());
    }

    @Test
    void oneParseableLinePerRequest() throws Exception {
        ExportResult traces = exporter.export(Signal.TRACES, Requests.traces(3), later());
        exporter.export(Signal.METRICS, Requests.metrics(), later());
        exporter.export(Signal.LOGS, Requests.logs(), later());

        List<String> lines = lines();
        assertEquals(3, lines.size());
        assertEquals(Requests.traces(3), read(lines.get(0), ExportTraceServiceRequest.getDefaultInstance()));
        assertEquals(Requests.metrics(), read(lines.get(1), ExportMetricsServiceRequest.getDefaultInstance()));
        assertEquals(Requests.logs(), read(lines.get(2), ExportLogsServiceRequest.getDefaultInstance()));
        assertTrue(lines.get(0).startsWith("{\"resourceSpans\""));
        assertTrue(lines.get(1).startsWith("{\"resourceMetrics\""));
        assertTrue(lines.get(2).startsWith("{\"resourceLogs\""));
        assertEquals(ExportResult.Outcome.SENT, traces.outcome());
        assertEquals(1, traces.attempts());
        assertEquals(lines.get(0).getBytes(StandardCharsets.UTF_8).length + 1, traces.bytesSent());
    }

    @Test
    void aLongRequestIsSplitIntoLinesLambdaKeepsWhole() throws Exception {
        ExportTraceServiceRequest request = Requests.traces(2000);
        ExportResult result = exporter.export(Signal.TRACES, request, later());

        List<String> lines = lines();
        assertTrue(lines.size() > 2, lines.size() + " lines");
        assertEquals(lines.size(), result.attempts());
        List<io.opentelemetry.proto.trace.v1.Span> spans = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length < StdoutExporter.MAX_LINE_BYTES, line.length() + " characters");
            ExportTraceServiceRequest part = read(line, ExportTraceServiceRequest.getDefaultInstance());
            assertEquals(request.getResourceSpans(0).getResource(), part.getResourceSpans(0).getResource());
            spans.addAll(part.getResourceSpans(0).getScopeSpans(0).getSpansList());
        }
        assertEquals(request.getResourceSpans(0).getScopeSpans(0).getSpansList(), spans);
    }

    @Test
    void anEmptyRequestWritesNothing() {
        assertTrue(exporter.export(Signal.TRACES, ExportTraceServiceRequest.getDefaultInstance(), later()).sent());
        assertEquals(List.of(), lines());
    }

    @Test
    void linesFromManyThreadsStayWhole() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<ExportResult>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(threads.submit(() -> exporter.export(Signal.TRACES, Requests.traces(20), later())));
            }
            for (Future<ExportResult> result : results) {
                assertTrue(result.get().sent());
            }
        } finally {
            threads.shutdown();
        }
        List<String> lines = lines();
        assertEquals(40, lines.size());
        for (String line : lines) {
            assertEquals(Requests.traces(20), read(line, ExportTraceServiceRequest.getDefaultInstance()));
        }
    }

    @Test
    void noTimeLeftWritesNothing() {
        ExportResult result = exporter.export(Signal.LOGS, Requests.logs(), System.nanoTime() - 1);
        assertEquals(ExportResult.Outcome.FAILED, result.outcome());
        assertEquals(0, result.attempts());
        assertEquals(List.of(), lines());
    }

    @Test
    void closedRefusesAndLeavesTheStreamOpen() {
        exporter.close();
        assertEquals(ExportResult.Outcome.FAILED, exporter.export(Signal.LOGS, Requests.logs(), later()).outcome());
        out.println("still open");
        assertEquals(List.of("still open"), lines());
    }

    @Test
    void aFailingStreamRejects() {
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("closed pipe");
            }
        }, true, StandardCharsets.UTF_8);
        ExportResult result = new StdoutExporter(broken).export(Signal.LOGS, Requests.logs(), later());
        assertEquals(ExportResult.Outcome.REJECTED, result.outcome());
    }

    private static <T extends Message> T read(String line, T prototype) throws java.io.IOException {
        return OtlpJsonReader.read(line.getBytes(StandardCharsets.UTF_8), prototype);
    }
}
