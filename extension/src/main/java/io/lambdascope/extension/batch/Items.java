package io.lambdascope.extension.batch;

import com.google.protobuf.Message;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;

import java.util.List;

/**
 * How many spans, metrics or log records a buffered item holds: one for the extension's own, and
 * all of them for a resource group the OTLP receiver took in, so that drops and exports are
 * counted in the units a user reads.
 */
public final class Items {

    private Items() {
    }

    /** The spans, metrics or log records in one buffered item. */
    public static int count(Message item) {
        return switch (item) {
            case ResourceSpans spans -> spans.getScopeSpansList().stream().mapToInt(scope -> scope.getSpansCount()).sum();
            case ResourceMetrics metrics -> metrics.getScopeMetricsList().stream().mapToInt(scope -> scope.getMetricsCount()).sum();
            case ResourceLogs logs -> logs.getScopeLogsList().stream().mapToInt(scope -> scope.getLogRecordsCount()).sum();
            default -> 1;
        };
    }

    /** The spans, metrics or log records in buffered items. */
    public static int count(List<Message> items) {
        int count = 0;
        for (Message item : items) {
            count += count(item);
        }
        return count;
    }
}
