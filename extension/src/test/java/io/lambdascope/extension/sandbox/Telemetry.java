package io.lambdascope.extension.sandbox;

import io.lambdascope.sandbox.sink.SinkContents;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads what the sink received the way the pipeline's tests ask about it. */
final class Telemetry {

    private Telemetry() {
    }

    static Optional<String> attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst().map(kv -> kv.getValue().getStringValue());
    }

    /** An attribute's value as text, whatever its type; arrays as their elements' text. */
    static Optional<String> text(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst().map(kv -> switch (kv.getValue().getValueCase()) {
            case INT_VALUE -> Long.toString(kv.getValue().getIntValue());
            case BOOL_VALUE -> Boolean.toString(kv.getValue().getBoolValue());
            case DOUBLE_VALUE -> Double.toString(kv.getValue().getDoubleValue());
            case ARRAY_VALUE -> strings(attributes, key).toString();
            default -> kv.getValue().getStringValue();
        });
    }

    /** The elements of a string array attribute; empty when there is none. */
    static List<String> strings(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().getArrayValue().getValuesList().stream().map(v -> v.getStringValue()).toList())
                .orElse(List.of());
    }

    static boolean bool(Span span, String key) {
        return span.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals(key) && kv.getValue().getBoolValue());
    }

    /** Invocation spans: server spans carrying the invocation id. */
    static List<Span> invocationSpanList(SinkContents contents) {
        return contents.spans().stream()
                .filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .filter(span -> attribute(span.getAttributesList(), "faas.invocation_id").isPresent())
                .toList();
    }

    static long invocationSpanCount(SinkContents contents) {
        return invocationSpanList(contents).size();
    }

    /** Invocation spans by request id; fails on a request id seen twice. */
    static Map<String, Span> invocationSpans(SinkContents contents) {
        return invocationSpanList(contents).stream().collect(Collectors.toMap(
                span -> attribute(span.getAttributesList(), "faas.invocation_id").orElseThrow(), Function.identity()));
    }

    /** Init spans: those named for the init phase. */
    static List<Span> initSpans(SinkContents contents) {
        return contents.spans().stream().filter(span -> span.getName().toLowerCase().contains("init")
                && attribute(span.getAttributesList(), "faas.invocation_id").isEmpty()
                && span.getParentSpanId().isEmpty()).toList();
    }

    /** The function's own lines, as {@code SoakFunction} writes them. */
    static List<LogRecord> functionLines(SinkContents contents) {
        return contents.logRecords().stream().filter(r -> r.getBody().getStringValue().startsWith("line ")).toList();
    }

    private static List<Metric> named(SinkContents contents, String name) {
        return contents.metrics().stream().filter(metric -> metric.getName().equals(name)).toList();
    }

    /** The count of every histogram point of the metric. */
    static long histogramCount(SinkContents contents, String name) {
        return named(contents, name).stream().flatMap(metric -> metric.getHistogram().getDataPointsList().stream())
                .mapToLong(point -> point.getCount()).sum();
    }

    /** The sum of every point of a sum metric. */
    static double sum(SinkContents contents, String name) {
        return named(contents, name).stream().flatMap(metric -> metric.getSum().getDataPointsList().stream())
                .mapToDouble(point -> point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt() : point.getAsDouble())
                .sum();
    }
}
