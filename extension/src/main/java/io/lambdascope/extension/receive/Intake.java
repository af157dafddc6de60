package io.lambdascope.extension.receive;

import com.google.protobuf.Message;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.Counter;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the receiver does with a request it could read, whatever its transport: items OTLP does
 * not allow (a span without a valid trace or span id, a metric without a name or data, a log
 * record with an id of the wrong length) are rejected and counted, as OTLP's partial success
 * reports them; the rest is joined with the invocation and buffered. When the buffer has no room,
 * a flush is started and the request waits for room up to the overhead budget; past it the whole
 * request is refused, as OTLP's back-pressure answers do, so that the SDK keeps it and may retry.
 */
public final class Intake {

    /** What became of a request. */
    public sealed interface Outcome {
        /** Taken, but for {@code rejected} items, for the reason given. */
        record Accepted(long rejected, String reason) implements Outcome {

            /** The OTLP response that says so, whatever the transport: a partial success when items were rejected. */
            public Message response(Signal signal) {
                boolean partial = rejected > 0;
                return switch (signal) {
                    case TRACES -> partial ? ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(rejected).setErrorMessage(reason)).build()
                            : ExportTraceServiceResponse.getDefaultInstance();
                    case METRICS -> partial ? ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(rejected).setErrorMessage(reason)).build()
                            : ExportMetricsServiceResponse.getDefaultInstance();
                    case LOGS -> partial ? ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                            .setRejectedLogRecords(rejected).setErrorMessage(reason)).build()
                            : ExportLogsServiceResponse.getDefaultInstance();
                };
            }
        }

        /** Nothing taken: the buffer is full. */
        record BufferFull() implements Outcome {
        }
    }

    /** How long an SDK's silence means its last export of an invocation is in. */
    static final long QUIET_NANOS = 10_000_000L;

    private final OtlpJoin join;
    private final TelemetryBuffer buffer;
    private final long maxBytes;
    private final Flusher flusher;
    private final Duration budget;
    private final Counter accepted;
    private final Counter refused;
    private final Admission admission;
    /** {@link System#nanoTime()} of the last request taken in; 0 before the first. */
    private volatile long lastReceivedNanos;

    /**
     * @param maxBytes the buffer's bound
     * @param flusher told after items were buffered, to start a flush when a batch is ready; asked
     *                to flush when the buffer is full
     * @param budget the longest a request waits for room, in the buffer or to be read
     */
    public Intake(OtlpJoin join, TelemetryBuffer buffer, long maxBytes, Flusher flusher, Duration budget, MetricRegistry metrics) {
        this.join = join;
        this.buffer = buffer;
        this.maxBytes = maxBytes;
        this.flusher = flusher;
        this.budget = budget;
        this.accepted = metrics.counter("lambdascope.otlp.received", "{item}",
                "Spans, metrics and log records the OTLP receiver took in from the function, by signal");
        this.refused = metrics.counter("lambdascope.otlp.refused", "{item}",
                "Spans, metrics and log records the OTLP receiver did not take, by signal and reason");
        this.admission = new Admission(Admission.BUDGET, budget.toMillis(), metrics.counter("lambdascope.otlp.requests.refused",
                "{request}", "OTLP requests the receiver refused unread while other requests' bodies took its room, by signal"));
    }

    /** The room for the bodies the receivers read at once, shared by both. */
    Admission admission() {
        return admission;
    }

    public Outcome traces(ExportTraceServiceRequest request) {
        List<Message> groups = new ArrayList<>(request.getResourceSpansCount());
        long rejected = 0;
        long count = 0;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            ResourceSpans.Builder valid = resource.toBuilder().clearScopeSpans();
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                ScopeSpans.Builder spans = scope.toBuilder().clearSpans();
                for (Span span : scope.getSpansList()) {
                    if (span.getTraceId().size() == 16 && span.getSpanId().size() == 8 && !allZero(span.getTraceId().toByteArray())
                            && (span.getParentSpanId().isEmpty() || span.getParentSpanId().size() == 8)) {
                        spans.addSpans(span);
                    } else {
                        rejected++;
                    }
                }
                count += spans.getSpansCount();
                if (spans.getSpansCount() > 0) {
                    valid.addScopeSpans(spans);
                }
            }
            if (valid.getScopeSpansCount() > 0) {
                groups.add(join.spans(valid.build()));
            }
        }
        return take(Signal.TRACES, groups, count, rejected, "a span needs a 16-byte trace id, an 8-byte span id and an 8-byte or empty parent");
    }

    public Outcome metrics(ExportMetricsServiceRequest request) {
        List<Message> groups = new ArrayList<>(request.getResourceMetricsCount());
        long rejected = 0;
        long count = 0;
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            ResourceMetrics.Builder valid = resource.toBuilder().clearScopeMetrics();
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                ScopeMetrics.Builder metrics = scope.toBuilder().clearMetrics();
                for (Metric metric : scope.getMetricsList()) {
                    if (!metric.getName().isEmpty() && metric.getDataCase() != Metric.DataCase.DATA_NOT_SET) {
                        metrics.addMetrics(metric);
                    } else {
                        rejected++;
                    }
                }
                count += metrics.getMetricsCount();
                if (metrics.getMetricsCount() > 0) {
                    valid.addScopeMetrics(metrics);
                }
            }
            if (valid.getScopeMetricsCount() > 0) {
                groups.add(join.metrics(valid.build()));
            }
        }
        return take(Signal.METRICS, groups, count, rejected, "a metric needs a name and data");
    }

    public Outcome logs(ExportLogsServiceRequest request) {
        List<Message> groups = new ArrayList<>(request.getResourceLogsCount());
        long rejected = 0;
        long count = 0;
        for (ResourceLogs resource : request.getResourceLogsList()) {
            ResourceLogs.Builder valid = resource.toBuilder().clearScopeLogs();
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                ScopeLogs.Builder records = scope.toBuilder().clearLogRecords();
                for (LogRecord record : scope.getLogRecordsList()) {
                    int trace = record.getTraceId().size();
                    int span = record.getSpanId().size();
                    if ((trace == 0 || trace == 16) && (span == 0 || span == 8)) {
                        records.addLogRecords(record);
                    } else {
                        rejected++;
                    }
                }
                count += records.getLogRecordsCount();
                if (records.getLogRecordsCount() > 0) {
                    valid.addScopeLogs(records);
                }
            }
            if (valid.getScopeLogsCount() > 0) {
                groups.add(join.logs(valid.build()));
            }
        }
        return take(Signal.LOGS, groups, count, rejected, "a log record's trace id has 16 bytes and its span id 8, or none");
    }

    private Outcome take(Signal signal, List<Message> groups, long count, long rejected, String reason) {
        Attributes bySignal = Attributes.of("signal", signal.text());
        if (rejected > 0) {
            refused.add(rejected, Attributes.of("signal", signal.text(), "reason", "invalid"));
        }
        long bytes = groups.stream().mapToLong(Message::getSerializedSize).sum();
        // The buffer makes room for new items by dropping its oldest; what an SDK sends is refused
        // instead, so that the SDK keeps it and may send it again.
        if (buffer.bytes() + bytes > maxBytes && !awaitRoom(bytes)) {
            refused.add(count, Attributes.of("signal", signal.text(), "reason", "buffer_full"));
            return new Outcome.BufferFull();
        }
        groups.forEach(group -> buffer.add(signal, group));
        accepted.add(count, bySignal);
        lastReceivedNanos = System.nanoTime();
        flusher.flushIfBatchReady();
        return new Outcome.Accepted(rejected, rejected > 0 ? reason : "");
    }

    /**
     * Waits, when a function's SDK sent something since the invocation began, until it has sent
     * nothing for {@link #QUIET_NANOS}: an SDK that exports as the function answers is done by
     * then. Returns at once for a function that sends nothing.
     *
     * @param invocationStart {@link System#nanoTime()} when the invocation began
     * @param until the latest {@link System#nanoTime()} to wait until
     */
    public void awaitQuiet(long invocationStart, long until) {
        try {
            while (true) {
                long last = lastReceivedNanos;
                long now = System.nanoTime();
                if (last == 0 || last - invocationStart < 0 || now - last >= QUIET_NANOS || now - until >= 0) {
                    return;
                }
                Thread.sleep(Duration.ofNanos(Math.min(QUIET_NANOS - (now - last), until - now)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitRoom(long bytes) {
        if (bytes > maxBytes) {
            return false;
        }
        try {
            flusher.flush().get(budget.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Still no room, most likely: checked below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return buffer.bytes() + bytes <= maxBytes;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
