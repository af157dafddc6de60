package io.lambdascope.samples.otel;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The handler as Lambda runs it, its SDK configured only through the {@code otel.*} properties the
 * autoconfigure module reads, exporting OTLP http/protobuf to a recording collector. Nothing waits
 * after an invocation: what the collector holds when the handler returns is what the function
 * exported before answering.
 */
class OrderHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final HexFormat HEX = HexFormat.of();

    private static RecordingCollector collector;
    private static OrderHandler handler;
    private static SdkWarnings sdkWarnings;

    @BeforeAll
    static void startCollectorThenHandler() throws IOException {
        collector = new RecordingCollector();
        // Set before the handler class initializes, as the OTEL_* variables are set before Lambda starts the JVM.
        System.setProperty("otel.exporter.otlp.endpoint", collector.endpoint());
        System.setProperty("otel.service.name", "java-otel-function");
        sdkWarnings = SdkWarnings.listen();
        handler = new OrderHandler();
    }

    @AfterAll
    static void stopCollector() {
        sdkWarnings.close();
        collector.close();
    }

    @BeforeEach
    void forgetEarlierExports() {
        collector.clear();
    }

    @Test
    void exportsTracesMetricsAndLogsAsProtobufBeforeAnswering() throws IOException {
        FakeContext context = new FakeContext("c0ffee00-0000-4000-8000-000000000001");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("/events/post-order.json"), context);

        assertEquals(200, response.getStatusCode());
        assertEquals(List.of(), context.logged(), "the handler's own log: every flush completes");
        assertEquals(List.of(), sdkWarnings.warnings(), "the SDK's warnings: every export succeeds");
        assertEquals(Map.of("content-type", "application/json"), response.getHeaders());
        Set<String> paths = collector.requests().stream().map(RecordingCollector.Request::path).collect(Collectors.toSet());
        assertEquals(Set.of("/v1/traces", "/v1/metrics", "/v1/logs"), paths);
        collector.requests().forEach(request ->
                assertEquals("application/x-protobuf", request.contentType(), request.path()));

        Span handle = only(collector.spans(), OrderHandler.HANDLE_SPAN);
        Span price = only(collector.spans(), OrderHandler.PRICE_SPAN);
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, handle.getKind());
        assertEquals("POST", attribute(handle.getAttributesList(), "http.request.method"));
        assertEquals("/orders", attribute(handle.getAttributesList(), "url.path"));
        assertEquals("Q2hbVhKXDoEEMsA=", attribute(handle.getAttributesList(), "order.id"));
        assertEquals("c0ffee00-0000-4000-8000-000000000001", attribute(handle.getAttributesList(), "faas.invocation_id"));
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, price.getKind());
        assertEquals(handle.getTraceId(), price.getTraceId());
        assertEquals(handle.getSpanId(), price.getParentSpanId());

        Metric orders = collector.metrics().stream().filter(m -> m.getName().equals(OrderHandler.ORDERS_METRIC))
                .findFirst().orElseThrow(() -> new AssertionError("no " + OrderHandler.ORDERS_METRIC + " in " + collector.metrics()));
        assertTrue(orders.getSum().getIsMonotonic());
        assertTrue(orders.getSum().getDataPointsList().stream().anyMatch(point ->
                "POST".equals(attribute(point.getAttributesList(), "http.request.method")) && point.getAsInt() >= 1), orders::toString);

        List<LogRecord> logs = collector.logRecords();
        assertEquals(1, logs.size(), logs::toString);
        LogRecord log = logs.getFirst();
        assertEquals(handle.getTraceId(), log.getTraceId());
        assertEquals(handle.getSpanId(), log.getSpanId());
        assertEquals("INFO", log.getSeverityText());
        assertTrue(log.getBody().getStringValue().startsWith("order Q2hbVhKXDoEEMsA= priced at "), log::toString);

        JsonNode body = JSON.readTree(response.getBody());
        assertEquals(HEX.formatHex(handle.getTraceId().toByteArray()), body.get("traceId").asText());
        assertEquals("Q2hbVhKXDoEEMsA=", body.get("orderId").asText());
    }

    @Test
    void continuesTheCallersW3cTrace() throws IOException {
        handler.handleRequest(event("/events/post-order.json"), new FakeContext("c0ffee00-0000-4000-8000-000000000002"));

        Span handle = only(collector.spans(), OrderHandler.HANDLE_SPAN);
        // traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", HEX.formatHex(handle.getTraceId().toByteArray()));
        assertEquals("00f067aa0ba902b7", HEX.formatHex(handle.getParentSpanId().toByteArray()));
    }

    @Test
    void namesItsServiceAndScope() throws IOException {
        handler.handleRequest(event("/events/post-order.json"), new FakeContext("c0ffee00-0000-4000-8000-000000000003"));

        var resourceSpans = collector.firstTraceRequest().getResourceSpans(0);
        assertEquals("java-otel-function", attribute(resourceSpans.getResource().getAttributesList(), "service.name"));
        assertEquals("aws_lambda", attribute(resourceSpans.getResource().getAttributesList(), "cloud.platform"));
        assertEquals(OrderHandler.SCOPE, resourceSpans.getScopeSpans(0).getScope().getName());
    }

    @Test
    void everyInvocationExportsItsOwnSpansAndLogRecord() throws IOException {
        for (int i = 0; i < 3; i++) {
            handler.handleRequest(event("/events/post-order.json"), new FakeContext("c0ffee00-0000-4000-8000-00000000010" + i));

            assertEquals(2 * (i + 1), collector.spans().size(), "spans after invocation " + (i + 1));
            assertEquals(i + 1, collector.logRecords().size(), "log records after invocation " + (i + 1));
            assertEquals(i + 1, collector.metrics().stream()
                    .filter(m -> m.getName().equals(OrderHandler.ORDERS_METRIC)).count(), "metric exports after invocation " + (i + 1));
        }
    }

    /**
     * The SDK's batch processors can answer a flush asked for just as the previous one completes
     * with that previous, completed result, leaving what came since in their queue. Back-to-back
     * invocations hit that window every few dozen flushes; every one must still carry
     * its own log record and spans.
     */
    @Test
    void everyFlushOfManyBackToBackInvocationsCarriesItsOwnTelemetry() throws IOException {
        APIGatewayV2HTTPEvent event = event("/events/post-order.json");
        for (int i = 0; i < 1_000; i++) {
            collector.clear();
            handler.handleRequest(event, new FakeContext("c0ffee00-0000-4000-8000-00000000" + (2000 + i)));

            assertEquals(1, collector.logRecords().size(), "log records exported by invocation " + i);
            assertEquals(2, collector.spans().size(), "spans exported by invocation " + i);
        }
    }

    @Test
    void answersTheRecordedHttpApiEvent() throws IOException {
        Path fixture = Path.of(System.getProperty("lambdascope.fixtures", "../shared/fixtures"),
                "events", "apigw-v2-http-no-authorizer.json");
        assumeTrue(Files.isRegularFile(fixture), "no " + fixture + ": recorded event check skipped");
        APIGatewayV2HTTPEvent event = JSON.readValue(fixture.toFile(), APIGatewayV2HTTPEvent.class);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new FakeContext("c0ffee00-0000-4000-8000-000000000004"));

        assertEquals(200, response.getStatusCode());
        Span handle = only(collector.spans(), OrderHandler.HANDLE_SPAN);
        assertEquals("GET", attribute(handle.getAttributesList(), "http.request.method"));
        assertEquals("/", attribute(handle.getAttributesList(), "url.path"));
        assertEquals("LV7fzho-PHcEJPw=", JSON.readTree(response.getBody()).get("orderId").asText());
    }

    @Test
    void copesWithAnEmptyEvent() throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(new APIGatewayV2HTTPEvent(),
                new FakeContext("c0ffee00-0000-4000-8000-000000000005"));

        assertEquals(200, response.getStatusCode());
        assertEquals("c0ffee00-0000-4000-8000-000000000005", JSON.readTree(response.getBody()).get("orderId").asText());
        assertEquals(2, collector.spans().size());
    }

    private static APIGatewayV2HTTPEvent event(String resource) throws IOException {
        try (InputStream in = OrderHandlerTest.class.getResourceAsStream(resource)) {
            return JSON.readValue(in, APIGatewayV2HTTPEvent.class);
        }
    }

    private static Span only(List<Span> spans, String name) {
        List<Span> named = spans.stream().filter(span -> span.getName().equals(name)).toList();
        assertEquals(1, named.size(), () -> "spans named " + name + " in " + spans);
        return named.getFirst();
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().getStringValue()).orElse(null);
    }
}
