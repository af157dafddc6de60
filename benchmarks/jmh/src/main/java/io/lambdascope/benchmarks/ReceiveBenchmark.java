package io.lambdascope.benchmarks;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lambdascope.extension.batch.ExportRequests;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.config.FlushConfig;
import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.config.Sampling;
import io.lambdascope.extension.convert.CapturedSpans;
import io.lambdascope.extension.convert.InvocationContexts;
import io.lambdascope.extension.convert.KeyValues;
import io.lambdascope.extension.convert.TraceContexts;
import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.flush.ExportHealth;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.receive.Intake;
import io.lambdascope.extension.receive.InvocationTimeline;
import io.lambdascope.extension.receive.OtlpJoin;
import io.lambdascope.extension.receive.OtlpJsonReader;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the OTLP receiver does with each request a function's SDK sends, past the socket: read
 * the body (protobuf, or OTLP/JSON as the JavaScript SDK sends it), check and join each span with
 * its invocation (a new SDK trace moved under the invocation's span), buffer it, and encode the
 * export request that carries it on. One operation is one span; a request holds 512, the SDKs'
 * default batch. The body's size is printed at setup, so that spans per second convert to MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms256m", "-Xmx256m"})
public class ReceiveBenchmark {

    static final int SPANS = 512;
    private static final long T0 = 1_763_892_000_000_000_000L;

    @Param({"protobuf", "json"})
    public String encoding;

    private byte[] body;
    private Intake intake;
    private TelemetryBuffer buffer;
    private Flusher flusher;
    private ExportRequests requests;

    @Setup
    public void setUp() {
        ExportTraceServiceRequest request = request();
        body = encoding.equals("json") ? json(request).getBytes(StandardCharsets.UTF_8) : request.toByteArray();
        System.out.printf("%n%s body: %d bytes for %d spans (%.0f bytes a span)%n", encoding, body.length, SPANS,
                (double) body.length / SPANS);
        Resource lambda = Resource.newBuilder().addAttributes(KeyValues.string("cloud.provider", "aws"))
                .addAttributes(KeyValues.string("faas.name", "orders")).build();
        long maxBytes = 64L * 1024 * 1024;
        buffer = new TelemetryBuffer(maxBytes, (signal, items) -> { });
        MetricRegistry metrics = new MetricRegistry();
        requests = ExportRequests.of(lambda, "benchmark");
        Exporter none = new Exporter() {
            @Override
            public ExportResult export(Signal signal, Message message, long deadlineNanos) {
                return new ExportResult(ExportResult.Outcome.SENT, 1, 0, 0, Optional.empty());
            }

            @Override
            public void close() {
            }
        };
        flusher = new Flusher(buffer, none, requests, metrics, new ExportHealth(metrics), new FlushConfig(FlushStrategy.END_OF_INVOCATION,
                Duration.ofHours(1), Long.MAX_VALUE, 0, maxBytes, Duration.ofMillis(50), Duration.ofMillis(1500)), Duration.ofSeconds(2));
        InvocationTimeline timeline = new InvocationTimeline();
        timeline.started("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa",
                Optional.of("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"), T0);
        intake = new Intake(new OtlpJoin(lambda, new InvocationContexts(CapturedSpans.NONE, new TraceContexts(Sampling.ALL,
                new SplittableRandom(1))), timeline), buffer, maxBytes, flusher, Duration.ofMillis(50), metrics);
    }

    @TearDown
    public void tearDown() {
        flusher.close();
    }

    /** Read, join, buffer and encode one request of spans; the encoded export request is returned. */
    @Benchmark
    @OperationsPerInvocation(SPANS)
    public byte[] receiveAndEncode() throws Exception {
        ExportTraceServiceRequest request = encoding.equals("json")
                ? OtlpJsonReader.read(body, ExportTraceServiceRequest.newBuilder(), ExportTraceServiceRequest.class)
                : ExportTraceServiceRequest.parseFrom(body);
        intake.traces(request);
        List<Message> taken = buffer.take(Signal.TRACES, Integer.MAX_VALUE);
        return requests.request(Signal.TRACES, taken).toByteArray();
    }

    /** 512 spans as an instrumented HTTP handler makes them: a server span, and database and HTTP client spans under it. */
    private static ExportTraceServiceRequest request() {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.example")
                .setVersion("1.0.0"));
        SplittableRandom random = new SplittableRandom(7);
        ByteString trace = ByteString.copyFrom(HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c"));
        ByteString root = id(random);
        for (int i = 0; i < SPANS; i++) {
            long start = T0 + 1_000_000L + i * 50_000L;
            Span.Builder span = Span.newBuilder().setTraceId(trace).setSpanId(i == 0 ? root : id(random))
                    .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 40_000L);
            if (i == 0) {
                span.setName("GET /orders/{id}").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                        .addAttributes(KeyValues.string("http.request.method", "GET"))
                        .addAttributes(KeyValues.string("url.path", "/orders/1234"))
                        .addAttributes(KeyValues.integer("http.response.status_code", 200));
            } else {
                span.setParentSpanId(root).setName(i % 2 == 0 ? "SELECT orders" : "GET")
                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .addAttributes(KeyValues.string(i % 2 == 0 ? "db.system.name" : "http.request.method", i % 2 == 0 ? "postgresql" : "GET"))
                        .addAttributes(KeyValues.string(i % 2 == 0 ? "db.query.text" : "url.full", i % 2 == 0
                                ? "SELECT * FROM orders WHERE id = $1" : "https://inventory.internal/items/" + i))
                        .addAttributes(KeyValues.string("server.address", i % 2 == 0 ? "orders-db.internal" : "inventory.internal"));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValues.string("service.name", "orders"))
                        .addAttributes(KeyValues.string("telemetry.sdk.language", "java")))
                .addScopeSpans(scope)).build();
    }

    private static ByteString id(SplittableRandom random) {
        byte[] bytes = new byte[8];
        long value = random.nextLong() | 1;
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return ByteString.copyFrom(bytes);
    }

    /** The request as OTLP/JSON, the way the JavaScript SDK writes it: hex ids, 64-bit integers as strings. */
    private static String json(ExportTraceServiceRequest request) {
        StringBuilder out = new StringBuilder("{\"resourceSpans\":[{\"resource\":{\"attributes\":[")
                .append("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"orders\"}}]},\"scopeSpans\":[{\"scope\":")
                .append("{\"name\":\"io.opentelemetry.example\",\"version\":\"1.0.0\"},\"spans\":[");
        HexFormat hex = HexFormat.of();
        List<Span> spans = request.getResourceSpans(0).getScopeSpans(0).getSpansList();
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            out.append(i == 0 ? "" : ",").append("{\"traceId\":\"").append(hex.formatHex(span.getTraceId().toByteArray()))
                    .append("\",\"spanId\":\"").append(hex.formatHex(span.getSpanId().toByteArray()))
                    .append("\",\"parentSpanId\":\"").append(hex.formatHex(span.getParentSpanId().toByteArray()))
                    .append("\",\"name\":\"").append(span.getName()).append("\",\"kind\":").append(span.getKindValue())
                    .append(",\"startTimeUnixNano\":\"").append(span.getStartTimeUnixNano())
                    .append("\",\"endTimeUnixNano\":\"").append(span.getEndTimeUnixNano()).append("\",\"attributes\":[");
            for (int a = 0; a < span.getAttributesCount(); a++) {
                var attribute = span.getAttributes(a);
                out.append(a == 0 ? "" : ",").append("{\"key\":\"").append(attribute.getKey()).append("\",\"value\":");
                if (attribute.getValue().hasIntValue()) {
                    out.append("{\"intValue\":\"").append(attribute.getValue().getIntValue()).append("\"}}");
                } else {
                    out.append("{\"stringValue\":\"").append(attribute.getValue().getStringValue()).append("\"}}");
                }
            }
            out.append("],\"status\":{}}");
        }
        return out.append("]}]}]}").toString();
    }
}
