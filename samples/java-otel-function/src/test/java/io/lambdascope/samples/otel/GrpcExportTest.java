package io.lambdascope.samples.otel;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler with {@code otel.exporter.otlp.protocol=grpc}, the system property spelling of
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}, exporting to a gRPC collector: the OTLP exporter's
 * own HTTP/2 sender carries all three signals, with no gRPC library in the function.
 */
class GrpcExportTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static GrpcCollector collector;
    private static OrderHandler handler;
    private static SdkWarnings sdkWarnings;

    @BeforeAll
    static void startCollectorThenHandler() {
        collector = new GrpcCollector();
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        System.setProperty("otel.exporter.otlp.endpoint", collector.endpoint());
        sdkWarnings = SdkWarnings.listen();
        handler = new OrderHandler();
    }

    @AfterAll
    static void stopCollector() {
        sdkWarnings.close();
        collector.close();
    }

    @Test
    void exportsTracesMetricsAndLogsOverGrpcBeforeAnswering() throws IOException {
        APIGatewayV2HTTPEvent event;
        try (InputStream in = getClass().getResourceAsStream("/events/post-order.json")) {
            event = JSON.readValue(in, APIGatewayV2HTTPEvent.class);
        }

        FakeContext context = new FakeContext("grpc-0001");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, context);

        assertEquals(200, response.getStatusCode());
        assertEquals(List.of(), context.logged(), "the handler's own log: every flush completes");
        assertEquals(List.of(), sdkWarnings.warnings(), "the SDK's warnings: every export succeeds");
        Set<String> paths = collector.calls().stream().map(GrpcCollector.Call::path).collect(Collectors.toSet());
        assertEquals(Set.of(GrpcCollector.TRACES, GrpcCollector.METRICS, GrpcCollector.LOGS), paths);
        collector.calls().forEach(call -> assertEquals("application/grpc", call.contentType(), call.path()));

        List<Span> spans = collector.spans();
        Span handle = spans.stream().filter(s -> s.getName().equals(OrderHandler.HANDLE_SPAN)).findFirst().orElseThrow();
        Span price = spans.stream().filter(s -> s.getName().equals(OrderHandler.PRICE_SPAN)).findFirst().orElseThrow();
        assertEquals(handle.getSpanId(), price.getParentSpanId());
        assertTrue(collector.metrics().stream().anyMatch(m -> m.getName().equals(OrderHandler.ORDERS_METRIC)),
                () -> collector.metrics().toString());
        List<LogRecord> logs = collector.logRecords();
        assertEquals(1, logs.size(), logs::toString);
        assertEquals(handle.getTraceId(), logs.getFirst().getTraceId());
    }
}
