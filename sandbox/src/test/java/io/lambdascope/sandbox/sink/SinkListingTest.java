package io.lambdascope.sandbox.sink;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SinkListingTest {

    private static final ByteString TRACE = ByteString.copyFrom(HexFormat.of().parseHex("5759e988bd862e3fe1be46a994272793"));

    @Test
    void listsEverySpanMetricPointAndTheFirstLogRecords() {
        Span span = Span.newBuilder().setTraceId(TRACE).setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("53995c3f42cd8ad8")))
                .setName("orders").setStartTimeUnixNano(1_000_000).setEndTimeUnixNano(13_500_000)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(KeyValue.newBuilder().setKey("faas.coldstart").setValue(AnyValue.newBuilder().setBoolValue(true))).build();
        Metric sum = Metric.newBuilder().setName("faas.coldstarts").setUnit("{coldstart}").setSum(Sum.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setAsInt(1))).build();
        Metric histogram = Metric.newBuilder().setName("faas.invoke_duration").setUnit("s").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setCount(2).setSum(0.5).setMin(0.1).setMax(0.4))).build();
        List<LogRecord> logs = List.of(log("first"), log("second\n  line"), log("third"));
        SinkContents contents = new SinkContents(
                List.of(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build()),
                List.of(ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(sum).addMetrics(histogram))).build()),
                List.of(ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(logs))).build()),
                new SinkCounts(3, 3, 0, 0, 1, 2, 3, Map.of(), Map.of()));

        assertEquals("""
                Spans (1):
                  94272793 42cd8ad8 orders                        12.5 ms  ERROR  {faas.coldstart=true}
                Metric points (2 metrics):
                  faas.coldstarts                      1 {coldstart}
                  faas.invoke_duration                 count 2, sum 0.500 s, min 0.100, max 0.400
                Log records (3):
                  94272793 INFO  first
                  94272793 INFO  second line
                  ... and 1 more
                """, SinkListing.of(contents, 2));
    }

    private static LogRecord log(String body) {
        return LogRecord.newBuilder().setTraceId(TRACE).setSeverityText("INFO").setBody(AnyValue.newBuilder().setStringValue(body)).build();
    }
}
