package io.lambdascope.extension.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** Small export requests such as the extension sends, one per signal. */
final class Requests {

    private static final Resource RESOURCE = Resource.newBuilder()
            .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("orders")))
            .addAttributes(KeyValue.newBuilder().setKey("faas.max_memory").setValue(AnyValue.newBuilder().setIntValue(134_217_728)))
            .build();

    private Requests() {
    }

    static Message of(Signal signal) {
        return switch (signal) {
            case TRACES -> traces(2);
            case METRICS -> metrics();
            case LOGS -> logs();
        };
    }

    static ExportTraceServiceRequest traces(int spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            scope.addSpans(Span.newBuilder()
                    .setTraceId(ByteString.fromHex("5b8efff798038103d269b633813fc60c"))
                    .setSpanId(ByteString.fromHex("eee19b7ec3c1b17" + (i % 10)))
                    .setName("invoke").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(1_700_000_000_000_000_000L + i).setEndTimeUnixNano(1_700_000_000_500_000_000L)
                    .addAttributes(KeyValue.newBuilder().setKey("faas.coldstart").setValue(AnyValue.newBuilder().setBoolValue(i == 0))));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(scope)).build();
    }

    static ExportMetricsServiceRequest metrics() {
        Metric sum = Metric.newBuilder().setName("faas.invocations").setUnit("{invocation}").setSum(Sum.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).setIsMonotonic(true)
                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(2).setAsInt(3))).build();
        Metric histogram = Metric.newBuilder().setName("faas.invoke_duration").setUnit("ms").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(2).setCount(2).setSum(30.5)
                        .addExplicitBounds(10).addExplicitBounds(100).addBucketCounts(1).addBucketCounts(1).addBucketCounts(0)
                        .setMin(4.5).setMax(26))).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(RESOURCE)
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(sum).addMetrics(histogram))).build();
    }

    static ExportLogsServiceRequest logs() {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(RESOURCE)
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(1_700_000_000_000_000_001L).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
                        .setSeverityText("WARN").setBody(AnyValue.newBuilder().setStringValue("disk almost full \u26a0"))
                        .setTraceId(ByteString.fromHex("5b8efff798038103d269b633813fc60c"))
                        .setSpanId(ByteString.fromHex("eee19b7ec3c1b174")).setFlags(1)))).build();
    }
}
