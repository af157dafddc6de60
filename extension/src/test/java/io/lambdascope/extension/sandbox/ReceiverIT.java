package io.lambdascope.extension.sandbox;

import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.sink.SinkContents;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functions instrumented with an OpenTelemetry SDK, run in the sandbox with the layer: what their
 * SDK exports to localhost reaches the sink through the extension, with the Lambda resource, in
 * the trace of the invocation's captured span.
 */
class ReceiverIT {

    private static final Path LAYER = Path.of("target/layers/lambdascope-extension-x86_64.zip").toAbsolutePath();
    private static final Path NODE_FUNCTION = Path.of("../samples/node-otel-function/target/function").toAbsolutePath();
    private static final Path NODE_EVENT = Path.of("../samples/node-otel-function/events/get-order.json").toAbsolutePath();

    /** The spans each sample's handler makes, with its own SDK. */
    private static final Set<String> SDK_SPANS = Set.of("handle order", "load order");

    @Test
    void theJavaScriptSdksSpansMetricsAndLogsOverHttpJsonJoinTheInvocation() throws Exception {
        assertTrue(Files.isExecutable(NODE_FUNCTION.resolve("bootstrap")), "the Node.js sample is built in its package phase");
        List<InvocationResult> results = new ArrayList<>();
        SinkContents contents;
        try (Sandbox sandbox = Sandbox.builder().layer(LAYER).functionDir(NODE_FUNCTION).handler("index.handler")
                .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper")
                .env("LAMBDASCOPE_FLUSH", "end-of-invocation")
                .timeout(Duration.ofSeconds(10)).otlpSink(true).build()) {
            for (int i = 0; i < 3; i++) {
                InvocationResult result = sandbox.invoke(Files.readAllBytes(NODE_EVENT));
                assertEquals("success", result.status(), result.bodyText());
                results.add(result);
            }
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
        }
        assertJoined(contents, results);
    }

    /**
     * For each invocation: one invocation span (the platform's and the captured one), the SDK's
     * spans in its trace with the SDK's root under it, the SDK's log record in the same trace, and
     * the SDK's resource completed with the Lambda attributes; the SDK's metric arrived too.
     */
    static void assertJoined(SinkContents contents, List<InvocationResult> results) {
        for (InvocationResult result : results) {
            List<Span> invocation = contents.spans().stream()
                    .filter(span -> Telemetry.attribute(span.getAttributesList(), "faas.invocation_id").orElse("").equals(result.requestId()))
                    .filter(span -> !SDK_SPANS.contains(span.getName()))
                    .toList();
            assertEquals(1, invocation.size(), "one invocation span: " + invocation);
            Span parent = invocation.getFirst();
            assertEquals("GET /orders/{id}", parent.getName(), "invocation " + results.indexOf(result) + " captured and merged; "
                    + contents.metrics().stream().filter(m -> m.getName().equals("lambdascope.capture.skipped")).toList());
            List<Span> sdk = contents.spans().stream().filter(span -> span.getTraceId().equals(parent.getTraceId()))
                    .filter(span -> SDK_SPANS.contains(span.getName())).toList();
            assertEquals(2, sdk.size(), "the SDK's two spans in the invocation's trace: " + sdk);
            Span root = sdk.stream().filter(span -> span.getName().equals("handle order")).findFirst().orElseThrow();
            assertEquals(parent.getSpanId(), root.getParentSpanId(), "the SDK's root is the invocation span's child");
            List<LogRecord> logs = contents.logRecords().stream().filter(record -> record.getTraceId().equals(parent.getTraceId()))
                    .filter(record -> record.getSpanId().equals(root.getSpanId())).toList();
            assertEquals(1, logs.size(), "the SDK's log record, in its span: " + logs);
        }
        long sdkSpans = contents.spans().stream().filter(span -> span.getName().equals("handle order")).count();
        assertEquals(results.size(), sdkSpans, "no orphan duplicates");
        for (ResourceSpans group : contents.traceRequests().stream().flatMap(r -> r.getResourceSpansList().stream()).toList()) {
            if (group.getScopeSpansList().stream().anyMatch(s -> s.getSpansList().stream().anyMatch(span -> span.getName().equals("handle order")))) {
                assertLambdaResource(group.getResource());
            }
        }
        List<ResourceMetrics> metrics = contents.metricRequests().stream().flatMap(r -> r.getResourceMetricsList().stream())
                .filter(group -> group.getScopeMetricsList().stream().anyMatch(s -> s.getMetricsList().stream()
                        .anyMatch(metric -> metric.getName().equals("order.requests")))).toList();
        assertTrue(!metrics.isEmpty(), "the SDK's counter arrived");
        metrics.forEach(group -> assertLambdaResource(group.getResource()));
        List<ResourceLogs> logs = contents.logRequests().stream().flatMap(r -> r.getResourceLogsList().stream())
                .filter(group -> group.getResource().getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("telemetry.sdk.language")))
                .toList();
        assertTrue(!logs.isEmpty(), "the SDK's log records arrived");
        logs.forEach(group -> assertLambdaResource(group.getResource()));
    }

    private static void assertLambdaResource(Resource resource) {
        Map<String, String> attributes = resource.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> a));
        assertEquals("aws_lambda", attributes.get("cloud.platform"), "Lambda's resource attributes: " + attributes);
        assertTrue(attributes.containsKey("faas.instance"), "what the SDK lacked was added: " + attributes);
        assertTrue(attributes.containsKey("telemetry.sdk.language"), "what the SDK set stays: " + attributes);
    }
}
