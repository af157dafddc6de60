package io.lambdascope.sandbox.sink;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the sink received, one line per span, metric data point and log record, for a person at a
 * terminal: the demo prints it after the run.
 */
public final class SinkListing {

    private static final HexFormat HEX = HexFormat.of();

    private SinkListing() {
    }

    /**
     * The listing.
     *
     * @param contents what the sink holds
     * @param maxLogRecords log records listed before the rest are only counted
     * @return the lines, each ending in a newline
     */
    public static String of(SinkContents contents, int maxLogRecords) {
        StringBuilder out = new StringBuilder();
        List<Span> spans = contents.spans();
        line(out, "Spans (%d):", spans.size());
        for (Span span : spans) {
            line(out, "  %s %s %-24s %9.1f ms  %s%s", shortId(span.getTraceId()), shortId(span.getSpanId()), span.getName(),
                    (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6,
                    span.getStatus().getCode().name().replace("STATUS_CODE_", ""), attributes(span.getAttributesList()));
        }
        List<Metric> metrics = contents.metrics();
        line(out, "Metric points (%d metrics):", metrics.size());
        for (Metric metric : metrics) {
            switch (metric.getDataCase()) {
                case SUM -> metric.getSum().getDataPointsList().forEach(point ->
                        line(out, "  %-36s %s %s%s", metric.getName(), number(point), metric.getUnit(), attributes(point.getAttributesList())));
                case GAUGE -> metric.getGauge().getDataPointsList().forEach(point ->
                        line(out, "  %-36s %s %s%s", metric.getName(), number(point), metric.getUnit(), attributes(point.getAttributesList())));
                case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(point ->
                        line(out, "  %-36s %s%s", metric.getName(), histogram(point, metric.getUnit()), attributes(point.getAttributesList())));
                default -> line(out, "  %-36s (%s)", metric.getName(), metric.getDataCase().name().toLowerCase(Locale.ROOT));
            }
        }
        List<LogRecord> records = contents.logRecords();
        line(out, "Log records (%d):", records.size());
        records.stream().limit(maxLogRecords).forEach(record -> line(out, "  %s %-5s %s", shortId(record.getTraceId()),
                record.getSeverityText().isEmpty() ? "-" : record.getSeverityText(), abbreviate(text(record.getBody()))));
        if (records.size() > maxLogRecords) {
            line(out, "  ... and %d more", records.size() - maxLogRecords);
        }
        return out.toString();
    }

    private static String number(NumberDataPoint point) {
        return point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? String.valueOf(point.getAsInt())
                : String.format(Locale.ROOT, "%.3f", point.getAsDouble());
    }

    private static String histogram(HistogramDataPoint point, String unit) {
        return String.format(Locale.ROOT, "count %d, sum %.3f %s%s", point.getCount(), point.getSum(), unit,
                point.hasMin() ? String.format(Locale.ROOT, ", min %.3f, max %.3f", point.getMin(), point.getMax()) : "");
    }

    private static String attributes(List<KeyValue> attributes) {
        if (attributes.isEmpty()) {
            return "";
        }
        return attributes.stream().map(kv -> kv.getKey() + "=" + text(kv.getValue()))
                .collect(Collectors.joining(", ", "  {", "}"));
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case VALUE_NOT_SET -> "";
            default -> value.getValueCase().name().toLowerCase(Locale.ROOT);
        };
    }

    /** The id's last 8 hex digits: trace ids made from X-Ray's begin with the same epoch seconds. */
    private static String shortId(com.google.protobuf.ByteString id) {
        if (id.isEmpty()) {
            return "--------";
        }
        String hex = HEX.formatHex(id.toByteArray());
        return hex.substring(hex.length() - 8);
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
