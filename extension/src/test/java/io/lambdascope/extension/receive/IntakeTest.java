package io.lambdascope.extension.receive;

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
import io.lambdascope.extension.convert.SpanContext;
import io.lambdascope.extension.convert.TraceContexts;
import io.lambdascope.extension.convert.XrayHeader;
import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.flush.ExportHealth;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the receiver does with what it read: validate, join with the invocation, buffer, export. */
class IntakeTest {

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final ByteString SDK_TRACE = hex("11111111111111111111111111111111");
    private static final Resource LAMBDA = Resource.newBuilder()
            .addAttributes(KeyValues.string("service.name", "orders-fn"))
            .addAttributes(KeyValues.string("cloud.provider", "aws"))
            .addAttributes(KeyValues.string("faas.name", "orders-fn"))
            .addAttributes(KeyValues.string("telemetry.sdk.name", "lambdascope")).build();

    private final List<Message> exported = new CopyOnWriteArrayList<>();
    private volatile boolean backendUp = true;
    private final Exporter exporter = new Exporter() {
        @Override
        public ExportResult export(Signal signal, Message request, long deadlineNanos) {
            if (!backendUp) {
                return new ExportResult(ExportResult.Outcome.FAILED, 1, 0, 0, Optional.of("down"));
            }
            exported.add(request);
            return new ExportResult(ExportResult.Outcome.SENT, 1, request.getSerializedSize(), 0, Optional.empty());
        }

        @Override
        public void close() {
        }
    };
    private final MetricRegistry metrics = new MetricRegistry();
    private final InvocationTimeline timeline = new InvocationTimeline();
    private final InvocationContexts contexts = new InvocationContexts(CapturedSpans.NONE, new TraceContexts(Sampling.ALL, new SplittableRandom(3)));
    private Flusher flusher;

    private Intake intake(long maxBytes) {
        TelemetryBuffer buffer = new TelemetryBuffer(maxBytes, (signal, items) -> { });
        FlushConfig config = new FlushConfig(FlushStrategy.END_OF_INVOCATION, Duration.ofSeconds(60), 512, 0, maxBytes,
                Duration.ofMillis(50), Duration.ofMillis(1500));
        ExportRequests requests = ExportRequests.of(LAMBDA, "test");
        flusher = new Flusher(buffer, exporter, requests, metrics, new ExportHealth(metrics), config, Duration.ofSeconds(2));
        return new Intake(new OtlpJoin(LAMBDA, contexts, timeline), buffer, maxBytes, flusher, Duration.ofMillis(50), metrics);
    }

    @AfterEach
    void close() {
        flusher.close();
    }

    @Test
    void anSdksOwnTraceMovesUnderItsInvocationsSpanAndItsLogsFollow() throws Exception {
        Intake intake = intake(1 << 20);
        timeline.started("req-1", Optional.of("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"), T0);
        Span root = span(SDK_TRACE, "aaaaaaaaaaaaaaaa", "", T0 + 1_000_000);
        Span child = span(SDK_TRACE, "bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", T0 + 2_000_000);
        assertEquals(new Intake.Outcome.Accepted(0, ""), intake.traces(traces(sdkResource("unknown_service:java"), child, root)));
        LogRecord inSpan = LogRecord.newBuilder().setTimeUnixNano(T0 + 3_000_000).setTraceId(SDK_TRACE).setSpanId(hex("bbbbbbbbbbbbbbbb")).build();
        LogRecord outside = LogRecord.newBuilder().setTimeUnixNano(T0 + 4_000_000).build();
        intake.logs(ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(sdkResource("orders"))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(inSpan).addLogRecords(outside))).build());
        flusher.flush().get();

        SpanContext invocation = contexts.of("req-1", Optional.empty());
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), invocation.traceId(), "the invocation follows Lambda's X-Ray trace");
        ResourceSpans sent = only(ExportTraceServiceRequest.class).getResourceSpans(0);
        Map<String, Span> byName = sent.getScopeSpans(0).getSpansList().stream().collect(Collectors.toMap(Span::getName, s -> s));
        assertEquals(invocation.traceId(), byName.get("aaaaaaaaaaaaaaaa").getTraceId());
        assertEquals(invocation.spanId(), byName.get("aaaaaaaaaaaaaaaa").getParentSpanId(), "the SDK's root is the invocation's child");
        assertEquals(invocation.traceId(), byName.get("bbbbbbbbbbbbbbbb").getTraceId());
        assertEquals(hex("aaaaaaaaaaaaaaaa"), byName.get("bbbbbbbbbbbbbbbb").getParentSpanId(), "a child keeps its parent");
        assertEquals("sdk-scope", sent.getScopeSpans(0).getScope().getName());
        Map<String, String> resource = attributes(sent.getResource().getAttributesList());
        assertEquals("orders-fn", resource.get("service.name"), "an SDK's placeholder service name gives way");
        assertEquals("aws", resource.get("cloud.provider"));
        assertEquals("1.40.0", resource.get("telemetry.sdk.version"));
        assertTrue(!resource.containsKey("telemetry.sdk.name"), "the extension is not the SDK that made these spans");

        ScopeLogs logs = only(ExportLogsServiceRequest.class).getResourceLogs(0).getScopeLogs(0);
        assertEquals(invocation.traceId(), logs.getLogRecords(0).getTraceId());
        assertEquals(hex("bbbbbbbbbbbbbbbb"), logs.getLogRecords(0).getSpanId());
        assertEquals(invocation.traceId(), logs.getLogRecords(1).getTraceId(), "a record outside spans takes the invocation's context");
        assertEquals(invocation.spanId(), logs.getLogRecords(1).getSpanId());
        assertEquals("orders", attributes(only(ExportLogsServiceRequest.class).getResourceLogs(0).getResource().getAttributesList())
                .get("service.name"), "what the function named stays");
    }

    @Test
    void aSpanInTheInvocationsTraceKeepsItsParentAndInitSpansAreLeftAlone() throws Exception {
        Intake intake = intake(1 << 20);
        Span atInit = span(SDK_TRACE, "cccccccccccccccc", "", T0 - 5_000_000_000L);
        timeline.started("req-1", Optional.of("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"), T0);
        ByteString invocationTrace = contexts.of("req-1", XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")).traceId();
        Span followed = span(invocationTrace, "dddddddddddddddd", "53995c3f42cd8ad8", T0 + 1_000_000);
        intake.traces(traces(sdkResource("orders"), atInit, followed));
        flusher.flush().get();
        List<Span> spans = only(ExportTraceServiceRequest.class).getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertEquals(atInit, spans.get(0), "made before any invocation: as it was");
        assertEquals(followed, spans.get(1), "the caller's context reached the SDK: as it was");
    }

    @Test
    void invalidItemsAreRejectedAsAPartialSuccessAndTheRestIsTaken() throws Exception {
        Intake intake = intake(1 << 20);
        Span noTrace = span(ByteString.EMPTY, "aaaaaaaaaaaaaaaa", "", T0);
        Span good = span(SDK_TRACE, "bbbbbbbbbbbbbbbb", "", T0);
        Intake.Outcome outcome = intake.traces(traces(sdkResource("orders"), noTrace, good));
        assertEquals(1, assertInstanceOf(Intake.Outcome.Accepted.class, outcome).rejected());
        Metric nameless = Metric.newBuilder().setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1))).build();
        Metric named = nameless.toBuilder().setName("queue.depth").build();
        assertEquals(1, assertInstanceOf(Intake.Outcome.Accepted.class, intake.metrics(ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(nameless)
                        .addMetrics(named))).build())).rejected());
        assertEquals(2.0, metrics.collect().stream().filter(m -> m.getName().equals("lambdascope.otlp.refused"))
                .flatMap(m -> m.getSum().getDataPointsList().stream()).mapToDouble(p -> p.getAsInt() + p.getAsDouble()).sum());
        flusher.flush().get();
        assertEquals(List.of(good.getName()), only(ExportTraceServiceRequest.class).getResourceSpans(0).getScopeSpans(0).getSpansList()
                .stream().map(Span::getName).toList());
        assertTrue(only(ExportMetricsServiceRequest.class).getResourceMetricsList().stream()
                .flatMap(group -> group.getScopeMetricsList().stream()).flatMap(scope -> scope.getMetricsList().stream())
                .anyMatch(metric -> metric.getName().equals("queue.depth")), "beside the extension's own metrics");
    }

    @Test
    void aFullBufferRefusesTheRequestWhenAFlushMakesNoRoomWithinTheBudget() {
        Intake intake = intake(2_000);
        backendUp = false;
        ExportTraceServiceRequest request = traces(sdkResource("orders"), span(SDK_TRACE, "aaaaaaaaaaaaaaaa", "", T0));
        int taken = 0;
        Intake.Outcome outcome;
        while ((outcome = intake.traces(request)) instanceof Intake.Outcome.Accepted) {
            taken++;
        }
        assertTrue(taken > 0 && taken * request.getSerializedSize() <= 2_000, "taken until the bound: " + taken);
        assertInstanceOf(Intake.Outcome.BufferFull.class, outcome);
        backendUp = true;
        assertInstanceOf(Intake.Outcome.Accepted.class, intake.traces(request), "a flush that gets through makes room");
    }

    private <T extends Message> T only(Class<T> type) {
        List<T> requests = exported.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, requests.size(), "one " + type.getSimpleName() + ": " + exported);
        return requests.getFirst();
    }

    private static ExportTraceServiceRequest traces(Resource resource, Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
                        .setName("sdk-scope")).addAllSpans(List.of(spans)))).build();
    }

    private static Resource sdkResource(String serviceName) {
        return Resource.newBuilder().addAttributes(KeyValues.string("service.name", serviceName))
                .addAttributes(KeyValues.string("telemetry.sdk.version", "1.40.0")).build();
    }

    /** A span named after its own id, so a test can find it after the join. */
    private static Span span(ByteString traceId, String spanId, String parent, long start) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(hex(spanId)).setParentSpanId(hex(parent)).setName(spanId)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000).build();
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
