package io.lambdascope.extension.receive;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTLP/JSON as the specification maps it, including what SDKs actually send. */
class OtlpJsonReaderTest {

    @Test
    void aTraceRequestWithHexIdsIntegersAsStringsAndNestedValues() {
        ExportTraceServiceRequest request = trace("""
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"orders"}}]},
                 "scopeSpans":[{"scope":{"name":"orders-lib","version":"1.2"},"spans":[{
                  "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174","parentSpanId":"",
                  "name":"GET /orders","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
                  "attributes":[{"key":"http.response.status_code","value":{"intValue":"200"}},
                                {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"boolValue":true}]}}},
                                {"key":"raw","value":{"bytesValue":"AAEC"}},
                                {"key":"nested","value":{"kvlistValue":{"values":[{"key":"ratio","value":{"doubleValue":0.5}}]}}}],
                  "events":[{"timeUnixNano":"1544712660500000000","name":"retry"}],
                  "links":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002"}],
                  "status":{"code":2,"message":"boom"},
                  "futureField":{"deep":[1,2,3]}}]}]}]}""");
        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals("orders", request.getResourceSpans(0).getResource().getAttributes(0).getValue().getStringValue());
        assertEquals("orders-lib", request.getResourceSpans(0).getScopeSpans(0).getScope().getName());
        assertEquals(hex("5b8efff798038103d269b633813fc60c"), span.getTraceId());
        assertEquals(hex("eee19b7ec3c1b174"), span.getSpanId());
        assertTrue(span.getParentSpanId().isEmpty());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
        assertEquals(1544712660000000000L, span.getStartTimeUnixNano());
        assertEquals(1544712661000000000L, span.getEndTimeUnixNano());
        assertEquals(200, span.getAttributes(0).getValue().getIntValue());
        AnyValue tags = span.getAttributes(1).getValue();
        assertEquals(List.of("a", ""), tags.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList());
        assertTrue(tags.getArrayValue().getValues(1).getBoolValue());
        assertEquals(ByteString.copyFrom(new byte[] {0, 1, 2}), span.getAttributes(2).getValue().getBytesValue());
        assertEquals(0.5, span.getAttributes(3).getValue().getKvlistValue().getValues(0).getValue().getDoubleValue());
        assertEquals("retry", span.getEvents(0).getName());
        assertEquals(hex("0000000000000002"), span.getLinks(0).getSpanId());
        assertEquals("boom", span.getStatus().getMessage());
    }

    @Test
    void protoFieldNamesAndEnumNamesAreAcceptedToo() {
        Span span = trace("""
                {"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"5b8efff798038103d269b633813fc60c",
                 "span_id":"eee19b7ec3c1b174","name":"x","kind":"SPAN_KIND_CLIENT"}]}]}]}""")
                .getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
        assertEquals(hex("eee19b7ec3c1b174"), span.getSpanId());
    }

    @Test
    void metricsWithUnsigned64BitCountsAndSpecialDoubles() {
        ExportMetricsServiceRequest request = OtlpJsonReader.read(bytes("""
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
                 {"name":"orders","unit":"{order}","sum":{"aggregationTemporality":1,"isMonotonic":true,
                  "dataPoints":[{"asInt":"18446744073709551615","timeUnixNano":"1"}]}},
                 {"name":"latency","histogram":{"aggregationTemporality":2,"dataPoints":[{"count":"3","sum":"NaN",
                  "bucketCounts":["1","2",0],"explicitBounds":[10,"Infinity"],
                  "exemplars":[{"asDouble":1.5,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}"""),
                ExportMetricsServiceRequest.newBuilder(), ExportMetricsServiceRequest.class);
        Metric sum = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertEquals(-1L, sum.getSum().getDataPoints(0).getAsInt(), "2^64-1 as an unsigned 64-bit value");
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, sum.getSum().getAggregationTemporality());
        HistogramDataPoint point = request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(1).getHistogram().getDataPoints(0);
        assertTrue(Double.isNaN(point.getSum()));
        assertEquals(List.of(1L, 2L, 0L), point.getBucketCountsList());
        assertEquals(Double.POSITIVE_INFINITY, point.getExplicitBounds(1));
        assertEquals(hex("eee19b7ec3c1b174"), point.getExemplars(0).getSpanId());
    }

    @Test
    void logsWithTheirTraceContext() {
        LogRecord record = OtlpJsonReader.read(bytes("""
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1544712660300000000","severityNumber":10,
                 "severityText":"Information","body":{"stringValue":"order placed"},
                 "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}"""),
                ExportLogsServiceRequest.newBuilder(), ExportLogsServiceRequest.class)
                .getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO2, record.getSeverityNumber());
        assertEquals("order placed", record.getBody().getStringValue());
        assertEquals(hex("5b8efff798038103d269b633813fc60c"), record.getTraceId());
    }

    @Test
    void malformedDocumentsSayWhatIsWrong() {
        assertEquals("the body is not a JSON object", malformed("[1,2]"));
        assertTrue(malformed("{\"resourceSpans\":[{").startsWith("the body is not valid JSON"), malformed("{\"resourceSpans\":[{"));
        assertEquals("Span.traceId must be a hex id",
                malformed("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not-hex\"}]}]}]}"));
        assertEquals("Span.startTimeUnixNano must be an integer",
                malformed("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}"));
        assertEquals("ExportTraceServiceRequest.resourceSpans must be an array", malformed("{\"resourceSpans\":{}}"));
        assertEquals("the body has more after its JSON object", malformed("{} {}"));
        String deep = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
                + "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":".repeat(40) + "{}" + "}]}}".repeat(40) + "}]}}]}";
        assertTrue(malformed(deep).contains("deeper than"), malformed(deep));
    }

    private static String malformed(String json) {
        return assertThrows(MalformedPayloadException.class, () -> trace(json)).getMessage();
    }

    private static ExportTraceServiceRequest trace(String json) {
        return OtlpJsonReader.read(bytes(json), ExportTraceServiceRequest.newBuilder(), ExportTraceServiceRequest.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
