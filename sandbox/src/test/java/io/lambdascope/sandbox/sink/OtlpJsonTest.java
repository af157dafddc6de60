package io.lambdascope.sandbox.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OTLP/JSON: hex ids, lowerCamelCase, enums as names or numbers, 64-bit integers as strings or numbers. */
class OtlpJsonTest {

    private static final String JSON = "application/json";

    private static final String TRACES = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
              "scopeSpans":[{"scope":{"name":"lib"},"spans":[{
                "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
                "name":"GET /","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
                "attributes":[{"key":"http.response.status_code","value":{"intValue":"200"}}],
                "links":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002"}],
                "status":{"code":"STATUS_CODE_ERROR","message":"boom"},
                "someFutureField":true}]}]}]}""";

    private static final String METRICS = """
            {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
              {"name":"faas.invocations","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_CUMULATIVE","isMonotonic":true,
                "dataPoints":[{"asInt":"7","timeUnixNano":"1"},{"asInt":8,"timeUnixNano":2}]}},
              {"name":"faas.invoke_duration","histogram":{"aggregationTemporality":1,"dataPoints":[{"count":"3",
                "bucketCounts":["1","2"],"explicitBounds":[10.0],
                "exemplars":[{"asDouble":4.5,"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}}
            ]}]}]}""";

    private static final String LOGS = """
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"fn"}}]},
              "scopeLogs":[{"logRecords":[
                {"timeUnixNano":"1544712660300000000","severityNumber":9,"severityText":"INFO",
                 "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","body":{"stringValue":"hello"}},
                {"severity_number":"SEVERITY_NUMBER_ERROR","body":{"bytesValue":"aGk="},"trace_id":"","flags":1}]}]}]}""";

    private OtlpSink sink;
    private SinkClient client;

    @BeforeEach
    void start() throws Exception {
        sink = OtlpSink.start();
        client = new SinkClient(sink);
    }

    @AfterEach
    void stop() {
        client.close();
        sink.close();
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void decodesSpansWithHexIds(boolean gzip) throws Exception {
        HttpResponse<byte[]> answer = client.post("/v1/traces", JSON + "; charset=utf-8",
                TRACES.getBytes(StandardCharsets.UTF_8), gzip);

        assertEquals(200, answer.statusCode());
        assertEquals(JSON, answer.headers().firstValue("content-type").orElseThrow());
        assertEquals("{}", new String(answer.body(), StandardCharsets.UTF_8));
        Span span = sink.contents().spans().getFirst();
        assertEquals(ByteString.fromHex("5b8efff798038103d269b633813fc60c"), span.getTraceId());
        assertEquals(ByteString.fromHex("eee19b7ec3c1b174"), span.getSpanId());
        assertEquals(ByteString.fromHex("eee19b7ec3c1b173"), span.getParentSpanId());
        assertEquals(ByteString.fromHex("0000000000000002"), span.getLinks(0).getSpanId());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
        assertEquals(1_544_712_660_000_000_000L, span.getStartTimeUnixNano());
        assertEquals(1_544_712_661_000_000_000L, span.getEndTimeUnixNano());
        assertEquals(200, span.getAttributes(0).getValue().getIntValue());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
        assertEquals("checkout", sink.counts().services().keySet().iterator().next());
    }

    @Test
    void decodesMetricsAndCountsTheirPoints() throws Exception {
        assertEquals(200, client.post("/v1/metrics", JSON, METRICS).statusCode());

        List<Metric> metrics = sink.contents().metrics();
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, metrics.get(0).getSum().getAggregationTemporality());
        assertEquals(8, metrics.get(0).getSum().getDataPoints(1).getAsInt());
        assertEquals(List.of(1L, 2L), metrics.get(1).getHistogram().getDataPoints(0).getBucketCountsList());
        assertEquals(ByteString.fromHex("eee19b7ec3c1b174"),
                metrics.get(1).getHistogram().getDataPoints(0).getExemplars(0).getSpanId());
        assertEquals(3, sink.counts().metricPoints());
        assertEquals(3, sink.counts().services().get(Signal.UNKNOWN_SERVICE).metricPoints());
    }

    @Test
    void decodesLogsWithEitherFieldSpelling() throws Exception {
        assertEquals(200, client.post("/v1/logs", JSON, LOGS).statusCode());

        List<LogRecord> records = sink.contents().logRecords();
        assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO, records.get(0).getSeverityNumber());
        assertEquals(ByteString.fromHex("5b8efff798038103d269b633813fc60c"), records.get(0).getTraceId());
        assertEquals(1_544_712_660_300_000_000L, records.get(0).getTimeUnixNano());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_ERROR, records.get(1).getSeverityNumber());
        assertEquals(ByteString.copyFromUtf8("hi"), records.get(1).getBody().getBytesValue());
        assertTrue(records.get(1).getTraceId().isEmpty());
        assertEquals(2, sink.counts().services().get("fn").logRecords());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{not json",
            "[]",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\"}]}]}]}",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"droppedAttributesCount\":-1}]}]}]}",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":\"none\"}]}]}",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}",
    })
    void answers400WithAJsonStatusForUndecodableJson(String body) throws Exception {
        HttpResponse<byte[]> answer = client.post("/v1/traces", JSON, body);

        assertEquals(400, answer.statusCode());
        assertEquals(JSON, answer.headers().firstValue("content-type").orElseThrow());
        JsonNode status = new ObjectMapper().readTree(answer.body());
        assertEquals(3, status.get("code").asInt());
        assertTrue(status.get("message").asText().startsWith("cannot decode /v1/traces body as application/json"),
                status.toString());
        assertEquals(1, sink.counts().rejected());
        assertTrue(sink.contents().traceRequests().isEmpty());
    }
}
