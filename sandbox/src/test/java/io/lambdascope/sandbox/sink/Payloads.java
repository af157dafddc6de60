package io.lambdascope.sandbox.sink;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
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
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Real OTLP payloads built with the protobuf builders. */
final class Payloads {

    static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";

    private Payloads() {
    }

    static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    /** One resource with {@code spans} spans. */
    static ExportTraceServiceRequest traces(String service, int spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            scope.addSpans(Span.newBuilder().setName("span-" + i)
                    .setTraceId(ByteString.fromHex(TRACE_ID))
                    .setSpanId(ByteString.fromHex("eee19b7ec3c1b1%02x".formatted(i)))
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(1_544_712_660_000_000_000L).setEndTimeUnixNano(1_544_712_661_000_000_000L));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(
                ResourceSpans.newBuilder().setResource(resource(service)).addScopeSpans(scope)).build();
    }

    /** One metric of each kind: 2 gauge, 3 sum, 1 histogram, 1 exponential histogram, 2 summary points = 9. */
    static ExportMetricsServiceRequest metricsOfEveryKind(String service) {
        NumberDataPoint point = NumberDataPoint.newBuilder().setAsDouble(1.5).setTimeUnixNano(1).build();
        ScopeMetrics scope = ScopeMetrics.newBuilder()
                .addMetrics(Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder().addDataPoints(point).addDataPoints(point)))
                .addMetrics(Metric.newBuilder().setName("s").setSum(Sum.newBuilder().setIsMonotonic(true)
                        .addDataPoints(point).addDataPoints(point).addDataPoints(point)))
                .addMetrics(Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                        .addDataPoints(HistogramDataPoint.newBuilder().setCount(3).addBucketCounts(1).addBucketCounts(2))))
                .addMetrics(Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(1).setScale(2))))
                .addMetrics(Metric.newBuilder().setName("m").setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.newBuilder().setCount(1))
                        .addDataPoints(SummaryDataPoint.newBuilder().setCount(2))))
                .build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(resource(service)).addScopeMetrics(scope)).build();
    }

    /** One resource with {@code records} log records. */
    static ExportLogsServiceRequest logs(String service, int records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < records; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("line " + i))
                    .setTraceId(ByteString.fromHex(TRACE_ID)));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(
                ResourceLogs.newBuilder().setResource(resource(service)).addScopeLogs(scope)).build();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
