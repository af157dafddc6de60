package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.Sampling;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.lambdascope.extension.convert.Conversion.attributes;
import static io.lambdascope.extension.convert.Conversion.nanos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log lines in their invocation's trace, and the lines that are not converted. */
class LogCorrelationTest {

    private static final String A = "aaaaaaaa-0000-0000-0000-000000000001";
    private static final String B = "bbbbbbbb-0000-0000-0000-000000000002";

    private final Conversion conversion = new Conversion();

    private static String start(String requestId) {
        return "{\"requestId\":\"" + requestId + "\"}";
    }

    private static String runtimeDone(String requestId) {
        return "{\"requestId\":\"" + requestId + "\",\"status\":\"success\"}";
    }

    private static String report(String requestId) {
        return "{\"requestId\":\"" + requestId + "\",\"status\":\"success\",\"metrics\":{\"durationMs\":100}}";
    }

    @Test
    void jsonLinesFindTheirInvocationByRequestIdEvenAfterItsReport() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start(A));
        conversion.event("2024-06-01T10:00:00.100Z", "platform.runtimeDone", runtimeDone(A));
        conversion.event("2024-06-01T10:00:00.200Z", "platform.start", start(B));
        conversion.event("2024-06-01T10:00:00.300Z", "platform.report", report(A));
        conversion.event("2024-06-01T10:00:00.400Z", "function",
                "{\"timestamp\":\"2024-06-01T10:00:00.050Z\",\"level\":\"WARN\",\"message\":\"slow\",\"requestId\":\"" + A + "\"}");
        conversion.line("2024-06-01T10:00:00.500Z", "function", "2024-06-01T10:00:00.060Z\t" + A + "\tERROR\tfrom A, in B's time\n");
        Span a = Conversion.only(conversion.spans, s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER, "invocation");
        for (LogRecord log : conversion.logs) {
            assertEquals(a.getSpanId(), log.getSpanId());
            assertEquals(A, attributes(log.getAttributesList()).get("faas.invocation_id"));
        }
        assertEquals(nanos("2024-06-01T10:00:00.050Z"), conversion.logs.get(0).getTimeUnixNano());
        assertEquals(nanos("2024-06-01T10:00:00.400Z"), conversion.logs.get(0).getObservedTimeUnixNano());
        assertEquals("from A, in B's time", conversion.logs.get(1).getBody().getStringValue());
        assertEquals(nanos("2024-06-01T10:00:00.060Z"), conversion.logs.get(1).getTimeUnixNano());
    }


    @Test
    void aLineNamingAnotherRequestDoesNotJoinTheCurrentOne() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.start", start(A));
        conversion.line("2024-06-01T10:00:00.010Z", "function", "2024-06-01T10:00:00.010Z\tother-request\tINFO\tnot A's\n");
        conversion.line("2024-06-01T10:00:00.010Z", "function", "2024-06-01T10:00:00.010Z\tundefined\tINFO\tA's by stream order\n");
        LogRecord other = conversion.logs.get(0);
        assertTrue(other.getTraceId().isEmpty());
        assertEquals("other-request", attributes(other.getAttributesList()).get("faas.invocation_id"));
        assertEquals(A, attributes(conversion.logs.get(1).getAttributesList()).get("faas.invocation_id"));
        assertFalse(conversion.logs.get(1).getTraceId().isEmpty());
    }


    @Test
    void aLineNamingAnUnknownRequestKeepsTheIdWithoutATrace() {
        conversion.event("2024-06-01T10:00:00.400Z", "function", "{\"level\":\"INFO\",\"message\":\"x\",\"requestId\":\"elsewhere\"}");
        LogRecord log = conversion.logs.getFirst();
        assertTrue(log.getTraceId().isEmpty());
        assertEquals("elsewhere", attributes(log.getAttributesList()).get("faas.invocation_id"));
    }


    @Test
    void ownExportLinesAreDroppedOnlyFromTheExtensionStreamAndOnlyWhenAsked() {
        conversion.line("2024-06-01T10:00:00.000Z", "extension", "{\"resourceSpans\":[]}\n");
        conversion.line("2024-06-01T10:00:00.000Z", "extension", "{\"resourceMetrics\":[]}");
        conversion.line("2024-06-01T10:00:00.000Z", "extension", "{\"resourceLogs\":[]}");
        conversion.event("2024-06-01T10:00:00.000Z", "extension", "{\"resourceLogs\":[]}");
        conversion.line("2024-06-01T10:00:00.000Z", "function", "{\"resourceSpans\":[]}");
        conversion.line("2024-06-01T10:00:00.000Z", "extension", "{\"other\":1}");
        assertEquals(List.of("{\"resourceSpans\":[]}", "{\"other\":1}"),
                conversion.logs.stream().map(l -> l.getBody().getStringValue()).toList());

        Conversion keeping = new Conversion(new ConvertSettings(1000, Sampling.ALL, "lambdascope", false));
        keeping.line("2024-06-01T10:00:00.000Z", "extension", "{\"resourceSpans\":[]}");
        assertEquals(1, keeping.logs.size());
    }


    @Test
    void logsDroppedByLambdaAreCounted() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.logsDropped", "{\"droppedRecords\":7,\"droppedBytes\":700,\"reason\":\"slow\"}");
        conversion.event("2024-06-01T10:00:01.000Z", "platform.logsDropped", "{\"droppedRecords\":3}");
        Metric dropped = conversion.metrics().get("lambdascope.items.dropped");
        assertEquals(10, dropped.getSum().getDataPoints(0).getAsInt());
        assertEquals(Map.of("reason", "lambda_logs_dropped"), attributes(dropped.getSum().getDataPoints(0).getAttributesList()));
        assertEquals(10, conversion.droppedByLambda, "told to the pipeline, for the shutdown line");
    }
}
