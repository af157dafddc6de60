package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.Sampling;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.lambdascope.extension.convert.Conversion.attributes;
import static io.lambdascope.extension.convert.Conversion.nanos;
import static io.lambdascope.extension.convert.XrayHeaderTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryConverterTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000002";
    private static final String TRACING = """
            {"type":"X-Amzn-Trace-Id","value":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}""";

    private final Conversion conversion = new Conversion();

    private static String start(String requestId) {
        return "{\"requestId\":\"" + requestId + "\",\"version\":\"$LATEST\"}";
    }

    private static String runtimeDone(String requestId, String status) {
        return "{\"requestId\":\"" + requestId + "\",\"status\":\"" + status + "\",\"metrics\":{\"durationMs\":90.5,\"producedBytes\":12},"
                + "\"spans\":[{\"name\":\"responseLatency\",\"start\":\"2024-06-01T10:00:00.010Z\",\"durationMs\":80.25}]}";
    }

    private static String report(String requestId, String status, double durationMs) {
        return "{\"requestId\":\"" + requestId + "\",\"status\":\"" + status + "\",\"metrics\":{\"durationMs\":" + durationMs
                + ",\"billedDurationMs\":" + (long) Math.ceil(durationMs) + ",\"memorySizeMB\":256,\"maxMemoryUsedMB\":80}}";
    }

    @Test
    void aWholeLifecycle() {
        conversion.event("2024-06-01T09:59:59.000Z", "platform.initStart",
                "{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"functionName\":\"orders\"}");
        conversion.line("2024-06-01T09:59:59.100Z", "extension", "lambdascope starting\n");
        conversion.event("2024-06-01T09:59:59.300Z", "platform.initRuntimeDone", "{\"initializationType\":\"on-demand\",\"status\":\"success\"}");
        conversion.event("2024-06-01T09:59:59.400Z", "platform.initReport",
                "{\"initializationType\":\"on-demand\",\"phase\":\"init\",\"status\":\"success\",\"metrics\":{\"durationMs\":400.0}}");
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start(A));
        conversion.line("2024-06-01T10:00:00.020Z", "function", "[INFO] handling A\n");
        conversion.event("2024-06-01T10:00:00.091Z", "platform.runtimeDone", runtimeDone(A, "success"));
        conversion.line("2024-06-01T10:00:00.095Z", "function", "late line, after runtimeDone\n");

        assertEquals(List.of("init", "responseLatency"), conversion.spans.stream().map(Span::getName).toList(),
                "the invocation waits for its report");

        conversion.event("2024-06-01T10:00:01.000Z", "platform.start", start(B));
        conversion.line("2024-06-01T10:00:01.010Z", "function", "ERROR handling B\n");
        conversion.event("2024-06-01T10:00:01.020Z", "platform.report", report(A, "success", 95.0));
        conversion.event("2024-06-01T10:00:01.500Z", "platform.runtimeDone", runtimeDone(B, "error"));
        conversion.event("2024-06-01T10:00:01.600Z", "platform.report", report(B, "error", 600.0));
        conversion.line("2024-06-01T10:00:01.601Z", "function", "written before B answered, delivered after its report\n");
        conversion.converter.closeOpen();

        Span init = conversion.span("init");
        assertEquals(nanos("2024-06-01T09:59:59.000Z"), init.getStartTimeUnixNano());
        assertEquals(nanos("2024-06-01T09:59:59.400Z"), init.getEndTimeUnixNano());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, init.getKind());
        assertEquals(Map.of("aws.lambda.init.type", "on-demand", "aws.lambda.init.phase", "init", "faas.name", "orders",
                "aws.lambda.status", "success"), attributes(init.getAttributesList()));
        assertEquals("platform.initRuntimeDone", init.getEvents(0).getName());

        List<Span> invocations = conversion.spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
        assertEquals(2, invocations.size());
        Span a = invocations.get(0);
        Span b = invocations.get(1);
        assertEquals("my-function", a.getName(), "the function name from the environment wins over initStart's");
        assertEquals(nanos("2024-06-01T10:00:00.000Z"), a.getStartTimeUnixNano());
        assertEquals(nanos("2024-06-01T10:00:00.095Z"), a.getEndTimeUnixNano(), "start plus the report's duration");
        assertEquals(Map.of("faas.invocation_id", A, "faas.coldstart", true, "aws.lambda.status", "success", "faas.version", "$LATEST",
                        "aws.lambda.billed_duration_ms", 95.0, "aws.lambda.memory_size_mb", 256L, "aws.lambda.max_memory_used_mb", 80L,
                        "aws.lambda.runtime_duration_ms", 90.5, "aws.lambda.produced_bytes", 12L),
                attributes(a.getAttributesList()));
        assertEquals(Status.getDefaultInstance(), a.getStatus());
        assertEquals(1, a.getLinksCount(), "the cold start links to the init span");
        assertEquals(init.getSpanId(), a.getLinks(0).getSpanId());
        assertEquals(init.getTraceId(), a.getLinks(0).getTraceId());
        assertEquals("platform.runtimeDone", a.getEvents(0).getName());
        assertEquals(nanos("2024-06-01T10:00:00.091Z"), a.getEvents(0).getTimeUnixNano());

        assertEquals(false, attributes(b.getAttributesList()).get("faas.coldstart"));
        assertEquals(0, b.getLinksCount());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, b.getStatus().getCode());
        assertEquals("error", b.getStatus().getMessage());
        assertEquals("error", attributes(b.getAttributesList()).get("error.type"));
        assertFalse(a.getTraceId().equals(b.getTraceId()), "without X-Ray each invocation is its own trace");

        List<Span> latencies = conversion.spans.stream().filter(s -> s.getName().equals("responseLatency")).toList();
        assertEquals(a.getSpanId(), latencies.get(0).getParentSpanId());
        assertEquals(a.getTraceId(), latencies.get(0).getTraceId());
        assertEquals(b.getSpanId(), latencies.get(1).getParentSpanId());
        assertEquals(nanos("2024-06-01T10:00:00.010Z"), latencies.get(0).getStartTimeUnixNano());
        assertEquals(nanos("2024-06-01T10:00:00.010Z") + 80_250_000L, latencies.get(0).getEndTimeUnixNano());

        List<LogRecord> logs = conversion.logs;
        assertEquals(5, logs.size());
        assertEquals(init.getTraceId(), logs.get(0).getTraceId(), "lines during init belong to the init span");
        assertEquals(init.getSpanId(), logs.get(0).getSpanId());
        assertEquals(a.getTraceId(), logs.get(1).getTraceId());
        assertEquals(a.getSpanId(), logs.get(1).getSpanId());
        assertEquals(A, attributes(logs.get(1).getAttributesList()).get("faas.invocation_id"));
        assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO, logs.get(1).getSeverityNumber());
        assertEquals(a.getSpanId(), logs.get(2).getSpanId(), "after runtimeDone a text line is still its invocation's until the next starts");
        assertEquals(A, attributes(logs.get(2).getAttributesList()).get("faas.invocation_id"));
        assertEquals(b.getSpanId(), logs.get(3).getSpanId());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_ERROR, logs.get(3).getSeverityNumber());
        assertEquals(1, logs.get(3).getFlags(), "sampled");
        assertEquals(b.getSpanId(), logs.get(4).getSpanId(), "after its report a text line is still the last invocation's");

        Map<String, Metric> metrics = conversion.metrics();
        assertEquals(2, metrics.get("faas.invoke_duration").getHistogram().getDataPoints(0).getCount());
        assertEquals(0.695, metrics.get("faas.invoke_duration").getHistogram().getDataPoints(0).getSum(), 1e-9);
        assertEquals(0.095 + 0.6, metrics.get("aws.lambda.billed_duration").getHistogram().getDataPoints(0).getSum(), 1e-9);
        assertEquals(2 * 80.0 * 1024 * 1024, metrics.get("faas.mem_usage").getHistogram().getDataPoints(0).getSum());
        assertEquals(0.4, metrics.get("faas.init_duration").getHistogram().getDataPoints(0).getSum(), 1e-9);
        assertEquals(Map.of("aws.lambda.init.type", "on-demand"),
                attributes(metrics.get("faas.init_duration").getHistogram().getDataPoints(0).getAttributesList()));
        assertEquals(1, metrics.get("faas.coldstarts").getSum().getDataPoints(0).getAsInt());
        assertEquals(1, metrics.get("faas.invocations").getSum().getDataPoints(0).getAsInt());
        assertEquals(1, metrics.get("faas.errors").getSum().getDataPoints(0).getAsInt());
        assertEquals(Map.of("error.type", "error"), attributes(metrics.get("faas.errors").getSum().getDataPoints(0).getAttributesList()));
        assertFalse(metrics.containsKey("faas.timeouts"));
        assertFalse(metrics.containsKey("lambdascope.spans.incomplete"));
        assertEquals(0, conversion.converter.openInvocations());
    }

    @Test
    void anXrayHeaderMakesTheInvocationAChildOfTheCaller() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start",
                "{\"requestId\":\"" + A + "\",\"tracing\":" + TRACING + "}");
        conversion.event("2024-06-01T10:00:00.300Z", "platform.report", report(A, "success", 300));
        Span span = conversion.spans.getFirst();
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), span.getTraceId());
        assertEquals(hex("53995c3f42cd8ad8"), span.getParentSpanId());
        assertEquals(0x301, span.getFlags(), "sampled, with a remote parent");
    }

    @Test
    void followXrayLeavesOutWhatTheCallerDidNotSampleButKeepsItsLogsAndMetrics() {
        Conversion follow = new Conversion(new ConvertSettings(1000, new Sampling(Sampling.Kind.FOLLOW_XRAY, 1), "lambdascope", true));
        String unsampled = TRACING.replace("Sampled=1", "Sampled=0");
        follow.event("2024-06-01T10:00:00.000Z", "platform.start", "{\"requestId\":\"" + A + "\",\"tracing\":" + unsampled + "}");
        follow.line("2024-06-01T10:00:00.010Z", "function", "hello");
        follow.event("2024-06-01T10:00:00.020Z", "platform.runtimeDone", runtimeDone(A, "success"));
        follow.event("2024-06-01T10:00:00.300Z", "platform.report", report(A, "success", 300));
        assertEquals(List.of(), follow.spans);
        assertEquals(1, follow.logs.size());
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), follow.logs.getFirst().getTraceId());
        assertEquals(0, follow.logs.getFirst().getFlags(), "not sampled");
        assertEquals(1, follow.metrics().get("faas.invoke_duration").getHistogram().getDataPoints(0).getCount());
    }

    @Test
    void aReportIsEmittedExactlyOnce() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start(A));
        conversion.event("2024-06-01T10:00:00.300Z", "platform.report", report(A, "success", 300));
        conversion.event("2024-06-01T10:00:00.300Z", "platform.report", report(A, "success", 300));
        conversion.event("2024-06-01T10:00:00.400Z", "platform.runtimeDone", runtimeDone(A, "success"));
        conversion.event("2024-06-01T10:00:00.500Z", "platform.start", start(A));
        conversion.converter.closeOpen();
        assertEquals(1, conversion.spans.size());
        assertEquals(1, conversion.metrics().get("faas.invocations").getSum().getDataPoints(0).getAsInt());
    }

    @Test
    void closeOpenEmitsWhatNeverGotAReportOnceMarkedIncomplete() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start(A));
        conversion.event("2024-06-01T10:00:00.200Z", "platform.runtimeDone", runtimeDone(A, "timeout"));
        conversion.converter.closeOpen();
        conversion.converter.closeOpen();

        Span span = only(serverSpans());
        Map<String, Object> attributes = attributes(span.getAttributesList());
        assertEquals(true, attributes.get("lambdascope.span.incomplete"));
        assertEquals("shutdown", attributes.get("lambdascope.span.incomplete_reason"));
        assertEquals("timeout", attributes.get("aws.lambda.status"));
        assertEquals("timeout", attributes.get("error.type"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
        assertEquals(nanos("2024-06-01T10:00:00.000Z") + 90_500_000L, span.getEndTimeUnixNano(), "start plus the runtime's duration");
        Metric incomplete = conversion.metrics().get("lambdascope.spans.incomplete");
        assertEquals(1, incomplete.getSum().getDataPoints(0).getAsInt());
        assertEquals(Map.of("reason", "shutdown"), attributes(incomplete.getSum().getDataPoints(0).getAttributesList()));
    }

    @Test
    void theOpenSetIsBoundedAndTheOldestGoesOutIncomplete() {
        for (int i = 0; i <= Invocations.MAX_OPEN; i++) {
            conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start("request-" + i));
        }
        assertEquals(Invocations.MAX_OPEN, conversion.converter.openInvocations());
        Span evicted = only(serverSpans());
        assertEquals("request-0", attributes(evicted.getAttributesList()).get("faas.invocation_id"));
        assertEquals("evicted", attributes(evicted.getAttributesList()).get("lambdascope.span.incomplete_reason"));
        conversion.event("2024-06-01T10:00:01.000Z", "platform.report", report("request-0", "success", 10));
        assertEquals(1, conversion.spans.size(), "a late report of an evicted invocation emits nothing again");
    }

    @Test
    void provisionedConcurrencyMakesNoColdStart() {
        conversion.event("2024-06-01T09:00:00.000Z", "platform.initStart", "{\"initializationType\":\"provisioned-concurrency\"}");
        conversion.event("2024-06-01T09:00:01.000Z", "platform.initReport",
                "{\"initializationType\":\"provisioned-concurrency\",\"status\":\"success\",\"metrics\":{\"durationMs\":1000}}");
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start(A));
        conversion.event("2024-06-01T10:00:00.300Z", "platform.report", report(A, "success", 300));
        Span invocation = only(serverSpans());
        assertEquals(false, attributes(invocation.getAttributesList()).get("faas.coldstart"));
        assertEquals(1, invocation.getLinksCount(), "still linked to the init that prepared it");
        Map<String, Metric> metrics = conversion.metrics();
        assertFalse(metrics.containsKey("faas.coldstarts"));
        assertEquals(Map.of("aws.lambda.init.type", "provisioned-concurrency"),
                attributes(metrics.get("faas.init_duration").getHistogram().getDataPoints(0).getAttributesList()));
    }

    @Test
    void unknownTypesAreCountedAndIgnored() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.somethingNew", "{\"a\":1}");
        conversion.event("2024-06-01T10:00:00.000Z", "", "{}");
        assertEquals(List.of(), conversion.spans);
        assertEquals(List.of(), conversion.logs);
        Map<String, Metric> metrics = conversion.metrics();
        assertEquals(2, metrics.get("lambdascope.telemetry.unknown_events").getSum().getDataPoints(0).getAsInt());
        assertFalse(metrics.containsKey("lambdascope.telemetry.invalid_events"));
    }

    @Test
    void theSpanNameFallsBackToInitStartsFunctionName() {
        Conversion unnamed = new Conversion(new ConvertSettings(1000, Sampling.ALL, "x", true), java.util.Optional.empty());
        unnamed.accept("""
                [{"time":"2024-06-01T10:00:00.000Z","type":"platform.report","record":{"requestId":"x"}},
                 {"time":"2024-06-01T10:00:00.000Z","type":"platform.initStart","record":{"functionName":"orders"}},
                 {"time":"2024-06-01T10:00:00.000Z","type":"platform.report","record":{"requestId":"y"}}]""");
        assertEquals(List.of("invoke", "orders"), unnamed.spans.stream()
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).map(Span::getName).toList());
    }

    private List<Span> serverSpans() {
        return conversion.spans.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
    }

    private static Span only(List<Span> spans) {
        assertEquals(1, spans.size(), spans.toString());
        return spans.getFirst();
    }
}
