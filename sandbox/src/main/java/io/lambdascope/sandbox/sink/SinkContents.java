package io.lambdascope.sandbox.sink;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * An immutable snapshot of everything the sink accepted, in arrival order, with its counts.
 *
 * @param traceRequests accepted {@code /v1/traces} requests
 * @param metricRequests accepted {@code /v1/metrics} requests
 * @param logRequests accepted {@code /v1/logs} requests
 * @param counts the counts, rejected and faulted requests included
 */
public record SinkContents(List<ExportTraceServiceRequest> traceRequests,
                           List<ExportMetricsServiceRequest> metricRequests,
                           List<ExportLogsServiceRequest> logRequests,
                           SinkCounts counts) {

    /** Copies the lists, so a snapshot never changes. */
    public SinkContents {
        traceRequests = List.copyOf(traceRequests);
        metricRequests = List.copyOf(metricRequests);
        logRequests = List.copyOf(logRequests);
    }

    /** Every accepted span, in arrival order. */
    public List<Span> spans() {
        return traceRequests.stream().flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    /** Every accepted metric, in arrival order; {@link SinkCounts#metricPoints()} counts their data points. */
    public List<Metric> metrics() {
        return metricRequests.stream().flatMap(r -> r.getResourceMetricsList().stream())
                .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream()).toList();
    }

    /** Every accepted log record, in arrival order. */
    public List<LogRecord> logRecords() {
        return logRequests.stream().flatMap(r -> r.getResourceLogsList().stream())
                .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream()).toList();
    }
}
