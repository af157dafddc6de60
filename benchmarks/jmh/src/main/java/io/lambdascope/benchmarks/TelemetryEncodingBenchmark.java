package io.lambdascope.benchmarks;

import com.google.protobuf.Message;
import io.lambdascope.extension.batch.ExportRequests;
import io.lambdascope.extension.config.Sampling;
import io.lambdascope.extension.convert.ConvertSettings;
import io.lambdascope.extension.convert.Converted;
import io.lambdascope.extension.convert.TelemetryConverter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.telemetry.TelemetryBatch;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The extension's hottest path: a Telemetry API batch of function log lines, as Lambda posts it,
 * parsed, converted into OTLP log records correlated with their invocation, and encoded as the
 * protobuf body of an export request. One operation is one log record, so the score reads as
 * log records per second on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class TelemetryEncodingBenchmark {

    /** Log lines in one Telemetry API batch; Lambda sends at most 1000 with the extension's subscription. */
    static final int LINES = 1000;

    /** Text lines as most runtimes print them, or the JSON log format's objects. */
    @Param({"text", "json"})
    public String format;

    private byte[] body;
    private TelemetryConverter converter;
    private ExportRequests requests;
    private final List<Message> logs = new ArrayList<>(LINES);

    @Setup
    public void setUp() {
        String requestId = "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa";
        Instant start = Instant.parse("2026-11-23T10:00:00.000Z");
        StringBuilder json = new StringBuilder("[");
        json.append("{\"time\":\"").append(start).append("\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"")
                .append(requestId).append("\",\"version\":\"$LATEST\",\"tracing\":{\"spanId\":\"53995c3f42cd8ad8\",")
                .append("\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\"}}}");
        for (int i = 0; i < LINES; i++) {
            Instant time = start.plusNanos(i * 37_000L);
            json.append(",{\"time\":\"").append(time).append("\",\"type\":\"function\",\"record\":");
            if (format.equals("json")) {
                json.append("{\"timestamp\":\"").append(time).append("\",\"level\":\"INFO\",\"requestId\":\"").append(requestId)
                        .append("\",\"message\":\"order ").append(i).append(" accepted for customer c-").append(i % 97)
                        .append(" with 3 items, total 42.50 EUR\"}}");
            } else {
                json.append("\"").append(time).append("\\t").append(requestId).append("\\tINFO\\torder ").append(i)
                        .append(" accepted for customer c-").append(i % 97).append(" with 3 items, total 42.50 EUR\\n\"}");
            }
        }
        body = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        Converted into = new Converted() {
            @Override
            public void span(Span span) {
            }

            @Override
            public void log(LogRecord record) {
                logs.add(record);
            }
        };
        converter = new TelemetryConverter(new ConvertSettings(32768, Sampling.ALL, "lambdascope", false), into, new MetricRegistry());
        requests = ExportRequests.of(Resource.getDefaultInstance(), "benchmark");
    }

    /** Parse, convert and encode one batch; the encoded request is returned so that nothing is optimised away. */
    @Benchmark
    @OperationsPerInvocation(LINES)
    public byte[] parseConvertEncode() throws IOException {
        logs.clear();
        converter.accept(TelemetryBatch.read(body).orElseThrow().events());
        return requests.request(Signal.LOGS, logs).toByteArray();
    }
}
