package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.telemetry.LambdaTime;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Invocations from {@code platform.start} to {@code platform.report}. Lambda sends an invocation's
 * report during the next invocation, or at shutdown, so spans stay open until their report and are
 * emitted, complete, exactly once. The open set is bounded: past {@link #MAX_OPEN} the oldest is
 * emitted as incomplete. Recently finished invocations are remembered, also bounded, so that a late
 * log line still finds its trace and a repeated event emits nothing twice.
 */
final class Invocations {

    /** Invocations held open at most. */
    static final int MAX_OPEN = 64;
    /** Finished invocations remembered for late log lines and repeated events. */
    static final int MAX_RECENT = 64;

    private final TraceContexts ids;
    private final InvocationContexts contexts;
    private final PlatformMetrics metrics;
    private final Consumer<Span> spans;
    private final Supplier<String> spanName;
    private final CapturedSpans captured;
    private final Map<String, Invocation> open = new LinkedHashMap<>();
    private final Map<String, LogContext> recent = new LinkedHashMap<>(MAX_RECENT * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LogContext> eldest) {
            return size() > MAX_RECENT;
        }
    };
    private Invocation current;
    private boolean started;
    private SpanContext initContext;
    private boolean provisioned;

    Invocations(TraceContexts ids, InvocationContexts contexts, PlatformMetrics metrics, Consumer<Span> spans,
                Supplier<String> spanName, CapturedSpans captured) {
        this.ids = ids;
        this.contexts = contexts;
        this.metrics = metrics;
        this.spans = spans;
        this.spanName = spanName;
        this.captured = captured;
    }

    /**
     * The init or restore span the first invocation links to.
     *
     * @param context the phase's span
     * @param provisioned whether the environment was initialised ahead of demand: its first
     *                    invocation waited for no init, so it is no cold start (as Powertools and
     *                    Lambda's own documentation count them)
     */
    void initPhase(SpanContext context, boolean provisioned) {
        this.initContext = context;
        this.provisioned = provisioned;
    }

    /** {@code platform.start}: the invocation begins and text log lines belong to it from here. */
    boolean start(JsonValue record, long nanos) {
        String requestId = RecordFields.nonEmpty(record, "requestId");
        if (requestId == null) {
            return false;
        }
        if (recent.containsKey(requestId)) {
            return true;
        }
        Invocation invocation = openOrNew(requestId, record);
        if (invocation.startNanos == LambdaTime.INVALID) {
            invocation.startNanos = nanos;
        }
        if (invocation.version == null) {
            invocation.version = RecordFields.nonEmpty(record, "version");
        }
        current = invocation;
        return true;
    }

    /** {@code platform.runtimeDone}: the runtime's status and its child spans. */
    boolean runtimeDone(JsonValue record, long nanos) {
        String requestId = RecordFields.nonEmpty(record, "requestId");
        if (requestId == null) {
            return false;
        }
        if (recent.containsKey(requestId)) {
            return true;
        }
        Invocation invocation = openOrNew(requestId, record);
        // The invocation keeps its text lines until the next one starts: the platform captures the
        // runtime's output beside it, so lines written before the answer can arrive after
        // runtimeDone, even after the report, and nothing else runs in the environment until the
        // next start.
        if (invocation.runtimeDoneNanos != LambdaTime.INVALID) {
            return true;
        }
        invocation.runtimeDoneNanos = nanos;
        invocation.status = RecordFields.nonEmpty(record, "status");
        invocation.errorType = RecordFields.nonEmpty(record, "errorType");
        invocation.runtimeDurationMs = RecordFields.metric(record, "durationMs");
        invocation.producedBytes = RecordFields.metric(record, "producedBytes");
        if (invocation.tenantId == null) {
            invocation.tenantId = RecordFields.nonEmpty(record, "tenantId");
        }
        int invalid = ChildSpans.emit(record, invocation.context, ids, spans);
        if (invalid > 0) {
            metrics.invalidEvents.add(invalid, metrics.eventType("platform.runtimeDone"));
        }
        return true;
    }

    /** {@code platform.report}: the invocation's span is emitted and its metrics recorded. */
    boolean report(JsonValue record, long nanos) {
        String requestId = RecordFields.nonEmpty(record, "requestId");
        if (requestId == null) {
            return false;
        }
        if (recent.containsKey(requestId)) {
            return true;
        }
        Invocation invocation = openOrNew(requestId, record);
        open.remove(requestId);
        if (invocation.tenantId == null) {
            invocation.tenantId = RecordFields.nonEmpty(record, "tenantId");
        }
        Invocation.Report report = new Invocation.Report(RecordFields.nonEmpty(record, "status"),
                RecordFields.nonEmpty(record, "errorType"), RecordFields.metric(record, "durationMs"),
                RecordFields.metric(record, "billedDurationMs"), RecordFields.metric(record, "memorySizeMB"),
                RecordFields.metric(record, "maxMemoryUsedMB"), RecordFields.metric(record, "initDurationMs"));
        record(report, invocation);
        finish(invocation, invocation.span(spanName.get(), report, nanos, null));
        return true;
    }

    /** The invocation a log line naming this request id belongs to, or null. */
    LogContext forRequest(String requestId) {
        Invocation invocation = open.get(requestId);
        return invocation != null ? invocation.logContext : recent.get(requestId);
    }

    /** The invocation text log lines belong to now: the last one started, until the next starts; or null. */
    LogContext current() {
        return current == null ? null : current.logContext;
    }

    /** Emits every open invocation as incomplete; the set is empty afterwards. */
    void closeOpen(String reason) {
        for (Iterator<Invocation> it = open.values().iterator(); it.hasNext(); ) {
            Invocation invocation = it.next();
            it.remove();
            closeIncomplete(invocation, reason);
        }
        current = null;
    }

    int openCount() {
        return open.size();
    }

    /** The open invocation of this request id; a new one when its first event is missing or yet to come. */
    private Invocation openOrNew(String requestId, JsonValue record) {
        Invocation invocation = open.get(requestId);
        return invocation != null ? invocation : open(requestId, record);
    }

    private Invocation open(String requestId, JsonValue record) {
        SpanContext context = contexts.of(requestId, XrayHeader.parse(RecordFields.xrayHeader(record)));
        Invocation invocation = new Invocation(requestId, context);
        if (!started) {
            started = true;
            invocation.initContext = initContext;
            if (!provisioned) {
                invocation.coldStart = true;
                metrics.coldStarts.add(1, Attributes.empty());
            }
        }
        open.put(requestId, invocation);
        if (open.size() > MAX_OPEN) {
            Iterator<Invocation> oldest = open.values().iterator();
            Invocation evicted = oldest.next();
            oldest.remove();
            if (current == evicted) {
                current = null;
            }
            closeIncomplete(evicted, "evicted");
        }
        return invocation;
    }

    private void closeIncomplete(Invocation invocation, String reason) {
        metrics.incompleteSpans.add(1, Attributes.of("reason", reason));
        finish(invocation, invocation.span(spanName.get(), null, LambdaTime.INVALID, reason));
    }

    private void finish(Invocation invocation, Span span) {
        recent.put(invocation.requestId, invocation.logContext);
        Span whole = captured.claim(invocation.requestId)
                .filter(capture -> capture.getSpanId().equals(span.getSpanId()))
                .map(capture -> SpanMerge.merge(span, capture))
                .orElse(span);
        if (invocation.context.sampled()) {
            spans.accept(whole);
        }
    }

    private void record(Invocation.Report report, Invocation invocation) {
        String status = report.status() != null ? report.status() : invocation.status;
        String errorType = report.errorType() != null ? report.errorType() : invocation.errorType;
        if (!Double.isNaN(report.durationMs())) {
            metrics.invokeDuration.record(report.durationMs() / 1000.0, Attributes.empty());
        }
        if (!Double.isNaN(report.billedMs())) {
            metrics.billedDuration.record(report.billedMs() / 1000.0, Attributes.empty());
        }
        if (!Double.isNaN(report.maxMemoryUsedMb())) {
            metrics.memoryUsage.record(report.maxMemoryUsedMb() * 1024.0 * 1024.0, Attributes.empty());
        }
        if (status == null || status.equals("success")) {
            metrics.invocations.add(1, Attributes.empty());
        } else {
            metrics.errors.add(1, metrics.errorType(errorType != null ? errorType : status));
            if (status.equals("timeout")) {
                metrics.timeouts.add(1, Attributes.empty());
            }
        }
    }
}
