package io.lambdascope.extension.export;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
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

import java.io.IOException;

/** The OTLP/JSON encoding of metric messages, field by field as {@code metrics.proto} declares them. */
final class OtlpJsonMetrics {

    private OtlpJsonMetrics() {
    }

    static void request(OtlpJsonWriter out, ExportMetricsServiceRequest request) throws IOException {
        out.objects("resourceMetrics", request.getResourceMetricsList(), OtlpJsonMetrics::resourceMetrics);
    }

    private static void resourceMetrics(OtlpJsonWriter out, ResourceMetrics metrics) throws IOException {
        out.object("resource", metrics.hasResource(), metrics.getResource(), OtlpJsonWriter::resource);
        out.objects("scopeMetrics", metrics.getScopeMetricsList(), OtlpJsonMetrics::scopeMetrics);
        out.string("schemaUrl", metrics.getSchemaUrl());
    }

    private static void scopeMetrics(OtlpJsonWriter out, ScopeMetrics metrics) throws IOException {
        out.object("scope", metrics.hasScope(), metrics.getScope(), OtlpJsonWriter::scope);
        out.objects("metrics", metrics.getMetricsList(), OtlpJsonMetrics::metric);
        out.string("schemaUrl", metrics.getSchemaUrl());
    }

    static void metric(OtlpJsonWriter out, Metric metric) throws IOException {
        out.string("name", metric.getName());
        out.string("description", metric.getDescription());
        out.string("unit", metric.getUnit());
        switch (metric.getDataCase()) {
            case GAUGE -> out.object("gauge", true, metric.getGauge(), OtlpJsonMetrics::gauge);
            case SUM -> out.object("sum", true, metric.getSum(), OtlpJsonMetrics::sum);
            case HISTOGRAM -> out.object("histogram", true, metric.getHistogram(), OtlpJsonMetrics::histogram);
            case EXPONENTIAL_HISTOGRAM -> out.object("exponentialHistogram", true, metric.getExponentialHistogram(),
                    OtlpJsonMetrics::exponentialHistogram);
            case SUMMARY -> out.object("summary", true, metric.getSummary(), OtlpJsonMetrics::summary);
            case DATA_NOT_SET -> {
            }
        }
        out.objects("metadata", metric.getMetadataList(), OtlpJsonWriter::keyValue);
    }

    private static void gauge(OtlpJsonWriter out, Gauge gauge) throws IOException {
        out.objects("dataPoints", gauge.getDataPointsList(), OtlpJsonMetrics::numberPoint);
    }

    private static void sum(OtlpJsonWriter out, Sum sum) throws IOException {
        out.objects("dataPoints", sum.getDataPointsList(), OtlpJsonMetrics::numberPoint);
        out.int32("aggregationTemporality", sum.getAggregationTemporalityValue());
        out.bool("isMonotonic", sum.getIsMonotonic());
    }

    private static void histogram(OtlpJsonWriter out, Histogram histogram) throws IOException {
        out.objects("dataPoints", histogram.getDataPointsList(), OtlpJsonMetrics::histogramPoint);
        out.int32("aggregationTemporality", histogram.getAggregationTemporalityValue());
    }

    private static void exponentialHistogram(OtlpJsonWriter out, ExponentialHistogram histogram) throws IOException {
        out.objects("dataPoints", histogram.getDataPointsList(), OtlpJsonMetrics::exponentialPoint);
        out.int32("aggregationTemporality", histogram.getAggregationTemporalityValue());
    }

    private static void summary(OtlpJsonWriter out, Summary summary) throws IOException {
        out.objects("dataPoints", summary.getDataPointsList(), OtlpJsonMetrics::summaryPoint);
    }

    private static void numberPoint(OtlpJsonWriter out, NumberDataPoint point) throws IOException {
        out.objects("attributes", point.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint64("startTimeUnixNano", point.getStartTimeUnixNano());
        out.uint64("timeUnixNano", point.getTimeUnixNano());
        switch (point.getValueCase()) {
            case AS_DOUBLE -> out.present("asDouble", point.getAsDouble());
            case AS_INT -> out.present("asInt", point.getAsInt());
            case VALUE_NOT_SET -> {
            }
        }
        out.objects("exemplars", point.getExemplarsList(), OtlpJsonMetrics::exemplar);
        out.uint32("flags", point.getFlags());
    }

    private static void histogramPoint(OtlpJsonWriter out, HistogramDataPoint point) throws IOException {
        out.objects("attributes", point.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint64("startTimeUnixNano", point.getStartTimeUnixNano());
        out.uint64("timeUnixNano", point.getTimeUnixNano());
        out.uint64("count", point.getCount());
        if (point.hasSum()) {
            out.present("sum", point.getSum());
        }
        out.uint64s("bucketCounts", point.getBucketCountsList());
        out.doubles("explicitBounds", point.getExplicitBoundsList());
        out.objects("exemplars", point.getExemplarsList(), OtlpJsonMetrics::exemplar);
        out.uint32("flags", point.getFlags());
        if (point.hasMin()) {
            out.present("min", point.getMin());
        }
        if (point.hasMax()) {
            out.present("max", point.getMax());
        }
    }

    private static void exponentialPoint(OtlpJsonWriter out, ExponentialHistogramDataPoint point) throws IOException {
        out.objects("attributes", point.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint64("startTimeUnixNano", point.getStartTimeUnixNano());
        out.uint64("timeUnixNano", point.getTimeUnixNano());
        out.uint64("count", point.getCount());
        if (point.hasSum()) {
            out.present("sum", point.getSum());
        }
        out.int32("scale", point.getScale());
        out.uint64("zeroCount", point.getZeroCount());
        out.object("positive", point.hasPositive(), point.getPositive(), OtlpJsonMetrics::buckets);
        out.object("negative", point.hasNegative(), point.getNegative(), OtlpJsonMetrics::buckets);
        out.uint32("flags", point.getFlags());
        out.objects("exemplars", point.getExemplarsList(), OtlpJsonMetrics::exemplar);
        if (point.hasMin()) {
            out.present("min", point.getMin());
        }
        if (point.hasMax()) {
            out.present("max", point.getMax());
        }
        out.doubleValue("zeroThreshold", point.getZeroThreshold());
    }

    private static void buckets(OtlpJsonWriter out, ExponentialHistogramDataPoint.Buckets buckets) throws IOException {
        out.int32("offset", buckets.getOffset());
        out.uint64s("bucketCounts", buckets.getBucketCountsList());
    }

    private static void summaryPoint(OtlpJsonWriter out, SummaryDataPoint point) throws IOException {
        out.objects("attributes", point.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint64("startTimeUnixNano", point.getStartTimeUnixNano());
        out.uint64("timeUnixNano", point.getTimeUnixNano());
        out.uint64("count", point.getCount());
        out.doubleValue("sum", point.getSum());
        out.objects("quantileValues", point.getQuantileValuesList(), (o, quantile) -> {
            o.doubleValue("quantile", quantile.getQuantile());
            o.doubleValue("value", quantile.getValue());
        });
        out.uint32("flags", point.getFlags());
    }

    private static void exemplar(OtlpJsonWriter out, Exemplar exemplar) throws IOException {
        out.objects("filteredAttributes", exemplar.getFilteredAttributesList(), OtlpJsonWriter::keyValue);
        out.uint64("timeUnixNano", exemplar.getTimeUnixNano());
        switch (exemplar.getValueCase()) {
            case AS_DOUBLE -> out.present("asDouble", exemplar.getAsDouble());
            case AS_INT -> out.present("asInt", exemplar.getAsInt());
            case VALUE_NOT_SET -> {
            }
        }
        out.id("spanId", exemplar.getSpanId());
        out.id("traceId", exemplar.getTraceId());
    }
}
