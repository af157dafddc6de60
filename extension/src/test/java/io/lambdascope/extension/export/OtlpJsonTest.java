package io.lambdascope.extension.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtlpJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ByteString TRACE_ID = ByteString.fromHex("5b8efff798038103d269b633813fc60c");
    private static final ByteString SPAN_ID = ByteString.fromHex("eee19b7ec3c1b174");
    private static final ByteString PARENT_ID = ByteString.fromHex("eee19b7ec3c1b173");

    @Test
    void spansWithEveryAttributeType() throws IOException {
        Span span = Span.newBuilder()
                .setTraceId(TRACE_ID).setSpanId(SPAN_ID).setParentSpanId(PARENT_ID).setTraceState("k=v")
                .setName("GET /items").setKind(Span.SpanKind.SPAN_KIND_SERVER).setFlags(0x301)
                .setStartTimeUnixNano(1_544_712_660_000_000_000L).setEndTimeUnixNano(-1L)
                .addAttributes(kv("s", AnyValue.newBuilder().setStringValue("a\"b\né")))
                .addAttributes(kv("empty", AnyValue.newBuilder().setStringValue("")))
                .addAttributes(kv("b", AnyValue.newBuilder().setBoolValue(false)))
                .addAttributes(kv("i", AnyValue.newBuilder().setIntValue(-5)))
                .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(1.5)))
                .addAttributes(kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN)))
                .addAttributes(kv("inf", AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY)))
                .addAttributes(kv("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xfb}))))
                .addAttributes(kv("arr", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("x"))
                        .addValues(AnyValue.newBuilder().setIntValue(1))
                        .addValues(AnyValue.getDefaultInstance()))))
                .addAttributes(kv("kv", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("inner", AnyValue.newBuilder().setBoolValue(true))))))
                .addAttributes(KeyValue.newBuilder().setKey("unset"))
                .setDroppedAttributesCount(3)
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(1).setName("exception")
                        .addAttributes(kv("exception.type", AnyValue.newBuilder().setStringValue("E"))))
                .addLinks(Span.Link.newBuilder().setTraceId(TRACE_ID).setSpanId(PARENT_ID).setTraceState("a=b").setFlags(0x100))
                .setStatus(Status.newBuilder().setMessage("boom").setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("svc"))))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("lambdascope").setVersion("1.0"))
                                .addSpans(span)
                                .addSpans(Span.getDefaultInstance())
                                .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")))
                .build();

        assertJson("""
                {"resourceSpans":[{
                  "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},
                  "scopeSpans":[{
                    "scope":{"name":"lambdascope","version":"1.0"},
                    "spans":[{
                      "traceId":"5b8efff798038103d269b633813fc60c",
                      "spanId":"eee19b7ec3c1b174",
                      "traceState":"k=v",
                      "parentSpanId":"eee19b7ec3c1b173",
                      "name":"GET /items",
                      "kind":2,
                      "startTimeUnixNano":"1544712660000000000",
                      "endTimeUnixNano":"18446744073709551615",
                      "attributes":[
                        {"key":"s","value":{"stringValue":"a\\"b\\né"}},
                        {"key":"empty","value":{"stringValue":""}},
                        {"key":"b","value":{"boolValue":false}},
                        {"key":"i","value":{"intValue":"-5"}},
                        {"key":"d","value":{"doubleValue":1.5}},
                        {"key":"nan","value":{"doubleValue":"NaN"}},
                        {"key":"inf","value":{"doubleValue":"-Infinity"}},
                        {"key":"bytes","value":{"bytesValue":"AAEC+w=="}},
                        {"key":"arr","value":{"arrayValue":{"values":[{"stringValue":"x"},{"intValue":"1"},{}]}}},
                        {"key":"kv","value":{"kvlistValue":{"values":[{"key":"inner","value":{"boolValue":true}}]}}},
                        {"key":"unset"}
                      ],
                      "droppedAttributesCount":3,
                      "events":[{"timeUnixNano":"1","name":"exception",
                                 "attributes":[{"key":"exception.type","value":{"stringValue":"E"}}]}],
                      "links":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b173",
                                "traceState":"a=b","flags":256}],
                      "status":{"message":"boom","code":2},
                      "flags":769
                    },{}],
                    "schemaUrl":"https://opentelemetry.io/schemas/1.26.0"
                  }]
                }]}
                """, request);
        roundTrip(request);
    }

    @Test
    void metricsOfEveryKind() throws IOException {
        Exemplar exemplar = Exemplar.newBuilder()
                .addFilteredAttributes(kv("user", AnyValue.newBuilder().setStringValue("u")))
                .setTimeUnixNano(5).setAsDouble(2.25).setSpanId(SPAN_ID).setTraceId(TRACE_ID).build();
        Metric gauge = Metric.newBuilder().setName("g").setUnit("1").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(10).setAsDouble(0.0))
                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(Long.MIN_VALUE).setFlags(1))).build();
        Metric sum = Metric.newBuilder().setName("s").setDescription("a sum").setSum(Sum.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(2).setAsInt(-7)
                        .addAttributes(kv("k", AnyValue.newBuilder().setStringValue("v"))).addExemplars(exemplar))
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).setIsMonotonic(true))
                .addMetadata(kv("m", AnyValue.newBuilder().setIntValue(1))).build();
        Metric histogram = Metric.newBuilder().setName("h").setUnit("ms").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(3).setCount(3).setSum(6.5)
                        .addBucketCounts(1).addBucketCounts(0).addBucketCounts(2)
                        .addExplicitBounds(1.0).addExplicitBounds(2.5).setMin(0.0).setMax(5.0))
                .addDataPoints(HistogramDataPoint.newBuilder().setCount(0))
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)).build();
        Metric exponential = Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(4).setScale(-2).setZeroCount(1)
                        .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-3)
                                .addBucketCounts(1).addBucketCounts(0).addBucketCounts(-1L))
                        .setNegative(ExponentialHistogramDataPoint.Buckets.getDefaultInstance())
                        .setZeroThreshold(1e-9).setMax(8))
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)).build();
        Metric summary = Metric.newBuilder().setName("q").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setCount(2).setSum(3)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0).setValue(1))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(1).setValue(2)))).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(gauge).addMetrics(sum).addMetrics(histogram).addMetrics(exponential).addMetrics(summary)))
                .build();

        assertJson("""
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[
                  {"name":"g","unit":"1","gauge":{"dataPoints":[
                    {"timeUnixNano":"10","asDouble":0.0},
                    {"asInt":"-9223372036854775808","flags":1}]}},
                  {"name":"s","description":"a sum","sum":{"dataPoints":[
                    {"startTimeUnixNano":"1","timeUnixNano":"2","asInt":"-7",
                     "exemplars":[{"timeUnixNano":"5","asDouble":2.25,"spanId":"eee19b7ec3c1b174",
                                   "traceId":"5b8efff798038103d269b633813fc60c",
                                   "filteredAttributes":[{"key":"user","value":{"stringValue":"u"}}]}],
                     "attributes":[{"key":"k","value":{"stringValue":"v"}}]}],
                    "aggregationTemporality":1,"isMonotonic":true},
                   "metadata":[{"key":"m","value":{"intValue":"1"}}]},
                  {"name":"h","unit":"ms","histogram":{"dataPoints":[
                    {"timeUnixNano":"3","count":"3","sum":6.5,"bucketCounts":["1","0","2"],"explicitBounds":[1.0,2.5],
                     "min":0.0,"max":5.0},
                    {}],
                    "aggregationTemporality":2}},
                  {"name":"e","exponentialHistogram":{"dataPoints":[
                    {"count":"4","scale":-2,"zeroCount":"1",
                     "positive":{"offset":-3,"bucketCounts":["1","0","18446744073709551615"]},
                     "negative":{},"max":8.0,"zeroThreshold":1.0E-9}],
                    "aggregationTemporality":1}},
                  {"name":"q","summary":{"dataPoints":[
                    {"count":"2","sum":3.0,"quantileValues":[{"value":1.0},{"quantile":1.0,"value":2.0}]}]}}
                ]}]}]}
                """, request);
        roundTrip(request);
    }

    @Test
    void logRecordsWithBodiesAndCorrelation() throws IOException {
        LogRecord record = LogRecord.newBuilder()
                .setTimeUnixNano(1_700_000_000_123_456_789L).setObservedTimeUnixNano(1_700_000_000_200_000_000L)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO).setSeverityText("INFO")
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("msg", AnyValue.newBuilder().setStringValue("hi")))
                        .addValues(kv("n", AnyValue.newBuilder().setDoubleValue(-0.0)))))
                .addAttributes(kv("faas.invocation_id", AnyValue.newBuilder().setStringValue("r-1")))
                .setDroppedAttributesCount(1).setFlags(1).setTraceId(TRACE_ID).setSpanId(SPAN_ID)
                .setEventName("lambda.log")
                .build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(record).addLogRecords(LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("plain")))))
                .build();

        assertJson("""
                {"resourceLogs":[{"scopeLogs":[{"logRecords":[
                  {"timeUnixNano":"1700000000123456789","severityNumber":9,"severityText":"INFO",
                   "body":{"kvlistValue":{"values":[{"key":"msg","value":{"stringValue":"hi"}},{"key":"n","value":{"doubleValue":-0.0}}]}},
                   "attributes":[{"key":"faas.invocation_id","value":{"stringValue":"r-1"}}],
                   "droppedAttributesCount":1,"flags":1,
                   "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                   "observedTimeUnixNano":"1700000000200000000","eventName":"lambda.log"},
                  {"body":{"stringValue":"plain"}}
                ]}]}]}
                """, request);
        // JSON trees compare -0.0 equal to 0.0; the sign is kept in the text.
        assertTrue(text(request).contains("{\"doubleValue\":-0.0}"), text(request));
    }

    @Test
    void defaultValuesAreLeftOut() {
        assertEquals("{}", text(ExportTraceServiceRequest.getDefaultInstance()));
        assertEquals("{\"name\":\"x\"}", text(Span.newBuilder().setName("x").setKind(Span.SpanKind.SPAN_KIND_UNSPECIFIED)
                .setDroppedEventsCount(0).setTraceId(ByteString.EMPTY).build()));
    }

    @Test
    void oneLineWithoutWhitespace() {
        String json = text(FullMessages.of(ExportLogsServiceRequest.getDefaultInstance()));
        assertFalse(json.contains("\n"), "the string values hold line breaks, escaped");
        assertFalse(json.startsWith(" ") || json.endsWith(" "));
    }

    @Test
    void everyFieldOfEveryTraceMessageReadsBack() throws IOException {
        roundTrip(FullMessages.of(ExportTraceServiceRequest.getDefaultInstance()));
    }

    @Test
    void everyFieldOfEveryMetricsMessageReadsBack() throws IOException {
        roundTrip(FullMessages.of(ExportMetricsServiceRequest.getDefaultInstance()));
    }

    @Test
    void everyFieldOfEveryLogsMessageReadsBack() throws IOException {
        roundTrip(FullMessages.of(ExportLogsServiceRequest.getDefaultInstance()));
    }

    @Test
    void idsAreLowerCaseHexOfTheirLength() throws IOException {
        Span span = FullMessages.of(Span.getDefaultInstance());
        var tree = MAPPER.readTree(OtlpJson.encode(span));
        assertEquals(HexFormat.of().formatHex(span.getTraceId().toByteArray()), tree.get("traceId").asText());
        assertEquals(32, tree.get("traceId").asText().length());
        assertEquals(16, tree.get("spanId").asText().length());
        assertEquals(16, tree.get("parentSpanId").asText().length());
    }

    @Test
    void theFullMessagesSetEveryFieldThereIs() {
        for (Message request : List.of(ExportTraceServiceRequest.getDefaultInstance(), ExportMetricsServiceRequest.getDefaultInstance(),
                ExportLogsServiceRequest.getDefaultInstance())) {
            var missing = new java.util.HashSet<>(FullMessages.reachableFields(request.getDescriptorForType()));
            missing.removeAll(FullMessages.setFields(FullMessages.of(request)));
            assertEquals(java.util.Set.of(), missing);
        }
    }

    private static <T extends Message> void roundTrip(T message) throws IOException {
        T read = OtlpJsonReader.read(OtlpJson.encode(message), message);
        if (!read.equals(message)) {
            // The first differing line of the text forms says which field went wrong.
            String[] expected = message.toString().split("\n");
            String[] actual = read.toString().split("\n");
            for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
                assertEquals(expected[i], actual[i], "line " + i + " of the text form");
            }
            assertEquals(expected.length, actual.length, "lines of the text form");
        }
    }

    private static void assertJson(String expected, Message message) throws IOException {
        assertEquals(MAPPER.readTree(expected), MAPPER.readTree(OtlpJson.encode(message)), () -> text(message));
    }

    private static String text(Message message) {
        return new String(OtlpJson.encode(message), StandardCharsets.UTF_8);
    }

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
