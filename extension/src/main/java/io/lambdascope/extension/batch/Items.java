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
        // Loops and instanceof rather than a switch on type and streams: this runs for every item
        // buffered, and a type switch spins a class at run time that the AOT cache does not hold.
        int count = 0;
        if (item instanceof ResourceSpans spans) {
            for (int i = 0; i < spans.getScopeSpansCount(); i++) {
                count += spans.getScopeSpans(i).getSpansCount();
            }
        } else if (item instanceof ResourceMetrics metrics) {
            for (int i = 0; i < metrics.getScopeMetricsCount(); i++) {
                count += metrics.getScopeMetrics(i).getMetricsCount();
            }
        } else if (item instanceof ResourceLogs logs) {
            for (int i = 0; i < logs.getScopeLogsCount(); i++) {
                count += logs.getScopeLogs(i).getLogRecordsCount();
            }
        } else {
            count = 1;
        }
        return count;
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
