package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.telemetry.LambdaTime;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The init phase ({@code platform.initStart} to {@code platform.initReport}) and the SnapStart
 * restore ({@code platform.restoreStart} to {@code platform.restoreReport}) as spans of their own
 * traces; the runtime-done events and the extension and subscription events of the phase become
 * span events. One phase is open at a time: Lambda runs them one after the other.
 */
final class Phases {

    /** Span events kept per phase; a phase has a few (one per extension, one per subscription). */
    static final int MAX_EVENTS = 32;

    /** Which phase: its span name and the metric of its duration. */
    enum Kind {
        INIT("init"),
        RESTORE("restore");

        final String spanName;

        Kind(String spanName) {
            this.spanName = spanName;
        }
    }

    private final TraceContexts ids;
    private final PlatformMetrics metrics;
    private final Consumer<Span> spans;
    private Phase open;

    Phases(TraceContexts ids, PlatformMetrics metrics, Consumer<Span> spans) {
        this.ids = ids;
        this.metrics = metrics;
        this.spans = spans;
    }

    /** A phase starts; the one still open, if any, ends incomplete. */
    SpanContext start(Kind kind, JsonValue record, long nanos) {
        if (open != null) {
            close(open, "superseded");
        }
        open = new Phase(kind, ids.start(Optional.empty()));
        open.startNanos = nanos;
        open.lastNanos = nanos;
        open.attributes(record);
        return open.context;
    }

    /** The runtime finished its part of the phase: an event, and the record's spans as children. */
    void runtimeDone(Kind kind, JsonValue record, long nanos) {
        Phase phase = phase(kind, record);
        List<KeyValue> attributes = new ArrayList<>(2);
        String status = RecordFields.nonEmpty(record, "status");
        String errorType = RecordFields.nonEmpty(record, "errorType");
        if (status != null) {
            attributes.add(KeyValues.string(Invocation.STATUS, status));
        }
        if (errorType != null) {
            attributes.add(KeyValues.string(PlatformMetrics.ERROR_TYPE, errorType));
        }
        String type = kind == Kind.INIT ? "platform.initRuntimeDone" : "platform.restoreRuntimeDone";
        phase.event(type, nanos, attributes);
        // The report's status wins; this one stands when the report never comes.
        phase.status = status;
        phase.errorType = errorType;
        children(phase, record, type);
    }

    /** The phase's report: the span ends and the duration is recorded. */
    void report(Kind kind, JsonValue record, long nanos) {
        Phase phase = phase(kind, record);
        open = null;
        double durationMs = RecordFields.metric(record, "durationMs");
        String status = RecordFields.nonEmpty(record, "status");
        if (status != null) {
            phase.status = status;
            phase.errorType = RecordFields.nonEmpty(record, "errorType");
        }
        if (phase.initType == null) {
            phase.initType = RecordFields.nonEmpty(record, "initializationType");
        }
        if (phase.startNanos == LambdaTime.INVALID) {
            phase.startNanos = Double.isNaN(durationMs) ? nanos : nanos - RecordFields.millisToNanos(durationMs);
        }
        long end = Double.isNaN(durationMs) ? Math.max(nanos, phase.startNanos) : phase.startNanos + RecordFields.millisToNanos(durationMs);
        children(phase, record, kind == Kind.INIT ? "platform.initReport" : "platform.restoreReport");
        if (!Double.isNaN(durationMs)) {
            if (kind == Kind.INIT) {
                metrics.initDuration.record(durationMs / 1000.0, metrics.initType(phase.initType));
            } else {
                metrics.restoreDuration.record(durationMs / 1000.0, Attributes.empty());
            }
        }
        emit(phase, end, null);
    }

    /**
     * An event of the open phase, such as an extension's registration.
     *
     * @return whether a phase was open to take it
     */
    boolean event(String name, long nanos, List<KeyValue> attributes) {
        if (open == null) {
            return false;
        }
        open.event(name, nanos, attributes);
        return true;
    }

    /** The open phase, for the log lines written during it; or null. */
    LogContext current() {
        return open == null ? null : open.logContext;
    }

    /** Emits the open phase, if any, as incomplete. */
    void closeOpen(String reason) {
        if (open != null) {
            close(open, reason);
        }
    }

    private void close(Phase phase, String reason) {
        open = null;
        metrics.incompleteSpans.add(1, Attributes.of("reason", reason));
        emit(phase, Math.max(phase.startNanos, phase.lastNanos), reason);
    }

    private Phase phase(Kind kind, JsonValue record) {
        if (open == null || open.kind != kind) {
            if (open != null) {
                close(open, "superseded");
            }
            open = new Phase(kind, ids.start(Optional.empty()));
            open.attributes(record);
        }
        return open;
    }

    private void children(Phase phase, JsonValue record, String eventType) {
        int invalid = ChildSpans.emit(record, phase.context, ids, spans);
        if (invalid > 0) {
            metrics.invalidEvents.add(invalid, metrics.eventType(eventType));
        }
    }

    private void emit(Phase phase, long end, String incompleteReason) {
        if (!phase.context.sampled()) {
            return;
        }
        long start = phase.startNanos == LambdaTime.INVALID ? end : phase.startNanos;
        Span.Builder span = Span.newBuilder()
                .setTraceId(phase.context.traceId())
                .setSpanId(phase.context.spanId())
                .setFlags(phase.context.spanFlags())
                .setName(phase.kind.spanName)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(Math.max(0, start))
                .setEndTimeUnixNano(Math.max(0, Math.max(start, end)))
                .addAllAttributes(phase.attributes)
                .addAllEvents(phase.events);
        if (phase.status != null) {
            span.addAttributes(KeyValues.string(Invocation.STATUS, phase.status));
        }
        if (Invocation.failed(phase.status)) {
            span.addAttributes(KeyValues.string(PlatformMetrics.ERROR_TYPE, phase.errorType != null ? phase.errorType : phase.status));
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage(phase.errorType != null ? phase.status + ": " + phase.errorType : phase.status));
        }
        if (incompleteReason != null) {
            span.addAttributes(KeyValues.bool(Invocation.INCOMPLETE, true))
                    .addAttributes(KeyValues.string("lambdascope.span.incomplete_reason", incompleteReason));
        }
        spans.accept(span.build());
    }

    /** One phase while it is open. */
    private static final class Phase {
        final Kind kind;
        final SpanContext context;
        final LogContext logContext;
        final List<KeyValue> attributes = new ArrayList<>();
        final List<Span.Event> events = new ArrayList<>();
        long startNanos = LambdaTime.INVALID;
        long lastNanos = LambdaTime.INVALID;
        String initType;
        String status;
        String errorType;

        Phase(Kind kind, SpanContext context) {
            this.kind = kind;
            this.context = context;
            this.logContext = new LogContext(context, null);
        }

        /** The attributes the phase's first record carries. */
        void attributes(JsonValue record) {
            initType = RecordFields.nonEmpty(record, "initializationType");
            add(PlatformMetrics.INIT_TYPE, initType);
            add("aws.lambda.init.phase", RecordFields.nonEmpty(record, "phase"));
            add("aws.lambda.runtime.version", RecordFields.nonEmpty(record, "runtimeVersion"));
            add("aws.lambda.runtime.version_arn", RecordFields.nonEmpty(record, "runtimeVersionArn"));
            add("faas.name", RecordFields.nonEmpty(record, "functionName"));
            add("faas.version", RecordFields.nonEmpty(record, "functionVersion"));
            double maxMemory = RecordFields.number(record, "instanceMaxMemory");
            if (!Double.isNaN(maxMemory)) {
                attributes.add(KeyValues.integer("aws.lambda.instance_max_memory_mb", Math.round(maxMemory)));
            }
        }

        void event(String name, long nanos, List<KeyValue> eventAttributes) {
            lastNanos = Math.max(lastNanos, nanos);
            if (events.size() < MAX_EVENTS) {
                events.add(Span.Event.newBuilder().setName(name).setTimeUnixNano(Math.max(0, nanos))
                        .addAllAttributes(eventAttributes).build());
            }
        }

        private void add(String key, String value) {
            if (value != null) {
                attributes.add(KeyValues.string(key, value));
            }
        }
    }
}
