package io.lambdascope.extension.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
    private static final Path JAVA_FUNCTION = Path.of("../samples/java-otel-function/target/function").toAbsolutePath();
    private static final String JAVA_HANDLER = "io.lambdascope.samples.otel.OrderHandler::handleRequest";
    /** An HTTP API request whose caller sent its trace context in {@code traceparent}. */
    private static final Path JAVA_EVENT = Path.of("../samples/java-otel-function/src/test/resources/events/post-order.json").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The spans each sample's handler makes, with its own SDK. */
    private static final Set<String> SDK_SPANS = Set.of("handle order", "load order", "price order");

    @Test
    void theJavaScriptSdksSpansMetricsAndLogsOverHttpJsonJoinTheInvocation() throws Exception {
        assertTrue(Files.isExecutable(NODE_FUNCTION.resolve("bootstrap")), "the Node.js sample is built in its package phase");
        SinkContents contents = run(NODE_FUNCTION, "index.handler", Files.readAllBytes(NODE_EVENT), Map.of());
        assertJoined(contents, "GET /orders/{id}", "order.requests", Optional.empty());
    }

    @Test
    void theJavaSdkOverHttpProtobufKeepsTheCallersContext() throws Exception {
        assertTrue(Files.isExecutable(JAVA_FUNCTION.resolve("bootstrap")), "the Java sample is built in its package phase");
        SinkContents contents = run(JAVA_FUNCTION, JAVA_HANDLER, Files.readAllBytes(JAVA_EVENT),
                Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        assertJoined(contents, "POST /orders", "orders.handled", Optional.of("00f067aa0ba902b7"));
        assertTrue(contents.spans().stream().filter(span -> span.getName().equals("handle order"))
                .allMatch(span -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals("4bf92f3577b34da6a3ce929d0e0e4736")),
                "the caller's trace");
    }

    @Test
    void theJavaSdkOverGrpcJoinsTheInvocation() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(JAVA_EVENT.toFile());
        ((ObjectNode) event.get("headers")).remove("traceparent");
        SinkContents contents = run(JAVA_FUNCTION, JAVA_HANDLER, JSON.writeValueAsBytes(event), Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        assertJoined(contents, "POST /orders", "orders.handled", Optional.empty());
    }

    /**
     * Keys the user asked to drop go from everything exported: the function's own spans, metrics,
     * log records and resource (through the receiver), the captured span and the platform's.
     */
    @Test
    void redactedAttributeKeysLeaveWithNothingTheExtensionExports() throws Exception {
        Pattern redacted = Pattern.compile("order\\..*|telemetry\\.sdk\\.version|faas\\.coldstart|http\\.request\\.method");
        SinkContents contents = run(NODE_FUNCTION, "index.handler", Files.readAllBytes(NODE_EVENT),
                Map.of("LAMBDASCOPE_REDACT_ATTRIBUTES", redacted.pattern()));

        List<String> keys = new ArrayList<>();
        contents.traceRequests().forEach(request -> keys.addAll(attributeKeys(request)));
        contents.metricRequests().forEach(request -> keys.addAll(attributeKeys(request)));
        contents.logRequests().forEach(request -> keys.addAll(attributeKeys(request)));
        assertEquals(List.of(), keys.stream().filter(key -> redacted.matcher(key).matches()).distinct().toList());
        assertTrue(keys.contains("telemetry.sdk.language") && keys.contains("faas.invocation_id") && keys.contains("http.route"),
                "only those keys: " + keys.stream().distinct().sorted().toList());
        assertEquals(results.size(), contents.spans().stream().filter(span -> span.getName().equals("handle order")).count(),
                "the function's spans arrive without them");
    }

    /** Every attribute key in an OTLP message, at any depth. */
    private static List<String> attributeKeys(com.google.protobuf.Message message) {
        List<String> keys = new ArrayList<>();
        message.getAllFields().forEach((field, value) -> {
            if (field.getJavaType() == com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                for (Object element : field.isRepeated() ? (List<?>) value : List.of(value)) {
                    if (element instanceof KeyValue attribute) {
                        keys.add(attribute.getKey());
                    }
                    keys.addAll(attributeKeys((com.google.protobuf.Message) element));
                }
            }
        });
        return keys;
    }

    private List<InvocationResult> results;

    private SinkContents run(Path function, String handler, byte[] event, Map<String, String> env) throws Exception {
        results = new ArrayList<>();
        Sandbox.Builder builder = Sandbox.builder().layer(LAYER).functionDir(function).handler(handler)
                .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper")
                .env("LAMBDASCOPE_FLUSH", "end-of-invocation")
                .timeout(Duration.ofSeconds(10)).otlpSink(true);
        env.forEach(builder::env);
        try (Sandbox sandbox = builder.build()) {
            for (int i = 0; i < 3; i++) {
                InvocationResult result = sandbox.invoke(event);
                assertEquals("success", result.status(), result.bodyText());
                results.add(result);
            }
            sandbox.shutdown();
            return sandbox.sink().orElseThrow().contents();
        }
    }

    /**
     * For each invocation: one invocation span (the platform's and the captured one), the SDK's
     * spans in its trace with the SDK's root under it (or under the caller's span, when the caller
     * sent its context), the SDK's log record in the same trace, and the SDK's resource completed
     * with the Lambda attributes; the SDK's metric arrived too.
     */
    private void assertJoined(SinkContents contents, String invocationName, String metricName, Optional<String> callerSpanId) {
        for (InvocationResult result : results) {
            List<Span> invocation = contents.spans().stream()
                    .filter(span -> Telemetry.attribute(span.getAttributesList(), "faas.invocation_id").orElse("").equals(result.requestId()))
                    .filter(span -> !SDK_SPANS.contains(span.getName()))
                    .toList();
            assertEquals(1, invocation.size(), "one invocation span: " + invocation);
            Span parent = invocation.getFirst();
            assertEquals(invocationName, parent.getName(), "invocation " + results.indexOf(result) + " captured and merged; "
                    + contents.metrics().stream().filter(m -> m.getName().equals("lambdascope.capture.skipped")).toList());
            List<Span> roots = contents.spans().stream().filter(span -> span.getName().equals("handle order"))
                    .filter(span -> Telemetry.attribute(span.getAttributesList(), "faas.invocation_id").orElse("").equals(result.requestId()))
                    .toList();
            assertEquals(1, roots.size(), "the SDK's span of this invocation: " + roots);
            Span root = roots.getFirst();
            assertEquals(parent.getTraceId(), root.getTraceId(), "in the invocation's trace");
            List<Span> children = contents.spans().stream().filter(span -> span.getParentSpanId().equals(root.getSpanId())).toList();
            assertEquals(1, children.size(), "the SDK's child span: " + children);
            assertEquals(parent.getTraceId(), children.getFirst().getTraceId(), "its child too");
            assertEquals(callerSpanId.orElse(HexFormat.of().formatHex(parent.getSpanId().toByteArray())),
                    HexFormat.of().formatHex(root.getParentSpanId().toByteArray()),
                    callerSpanId.isPresent() ? "the SDK's root keeps the caller as its parent" : "the SDK's root is the invocation span's child");
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
                        .anyMatch(metric -> metric.getName().equals(metricName)))).toList();
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
