package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.telemetry.LambdaTime;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.lambdascope.extension.telemetry.TelemetrySink;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * Turns Telemetry API events into OpenTelemetry: invocations and the init and restore phases
 * become spans, function and extension lines become log records in their invocation's trace, and
 * the platform's figures become metrics. See {@code docs/telemetry.md} for every name produced.
 *
 * <p>Nothing a batch holds makes {@link #accept} throw: an event that cannot be converted is
 * counted ({@code lambdascope.telemetry.invalid_events}) and skipped, an event of an unknown type
 * is counted ({@code lambdascope.telemetry.unknown_events}) and ignored.
 *
 * <p>Not thread-safe: the Telemetry API listener calls it from one connection thread at a time,
 * under a lock, and {@link #closeOpen()} is called after the listener stopped.
 */
public final class TelemetryConverter implements TelemetrySink {

    private static final System.Logger LOG = System.getLogger(TelemetryConverter.class.getName());

    private final Converted out;
    private final PlatformMetrics metrics;
    private final LogRecords logs;
    private final Invocations invocations;
    private final Phases phases;
    private final LongSupplier clockNanos;
    private String functionName;

    /**
     * A converter.
     *
     * @param settings how to convert
     * @param out where spans and log records go
     * @param metrics where measurements go
     */
    public TelemetryConverter(ConvertSettings settings, Converted out, MetricRegistry metrics) {
        this(settings, out, metrics, Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_NAME")),
                () -> TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()), new SplittableRandom(), CapturedSpans.NONE, null);
    }

    /**
     * A converter whose invocation spans are one with what the Runtime API proxy captured, and
     * whose invocation contexts the OTLP receiver shares.
     *
     * @param captured what capture knows of each invocation
     * @param contexts each invocation's context, shared with the receiver
     */
    public TelemetryConverter(ConvertSettings settings, Converted out, MetricRegistry metrics, CapturedSpans captured,
                              InvocationContexts contexts) {
        this(settings, out, metrics, Optional.ofNullable(System.getenv("AWS_LAMBDA_FUNCTION_NAME")),
                () -> TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()), new SplittableRandom(), captured, contexts);
    }

    TelemetryConverter(ConvertSettings settings, Converted out, MetricRegistry registry, Optional<String> functionName,
                       LongSupplier clockNanos, SplittableRandom random) {
        this(settings, out, registry, functionName, clockNanos, random, CapturedSpans.NONE, null);
    }

    /** @param contexts shared invocation contexts; null for the converter's own */
    TelemetryConverter(ConvertSettings settings, Converted out, MetricRegistry registry, Optional<String> functionName,
                       LongSupplier clockNanos, SplittableRandom random, CapturedSpans captured, InvocationContexts contexts) {
        this.out = out;
        this.metrics = new PlatformMetrics(registry);
        this.logs = new LogRecords(settings.logMaxBytes(), settings.dropOwnExportLines());
        this.clockNanos = clockNanos;
        this.functionName = functionName.filter(name -> !name.isBlank()).orElse(null);
        TraceContexts ids = new TraceContexts(settings.sampling(), random);
        this.invocations = new Invocations(ids, contexts != null ? contexts : new InvocationContexts(captured, ids), metrics,
                out::span, this::spanName, captured);
        this.phases = new Phases(ids, metrics, out::span);
    }

    @Override
    public void accept(List<TelemetryEvent> batch) {
        for (TelemetryEvent event : batch) {
            try {
                if (event != null) {
                    convert(event);
                }
            } catch (RuntimeException e) {
                // A record shaped in a way nobody foresaw must not cost the rest of the batch.
                invalid(event.type());
                LOG.log(DEBUG, () -> "could not convert a " + event.type() + " event: " + e);
            }
        }
    }

    /**
     * Emits what is still open, marked incomplete: invocations whose {@code platform.report}
     * never came and an unfinished init or restore. Called at shutdown; a second call emits nothing.
     */
    public void closeOpen() {
        invocations.closeOpen("shutdown");
        phases.closeOpen("shutdown");
    }

    private void convert(TelemetryEvent event) {
        String type = event.type() == null ? "" : event.type();
        JsonValue record = event.record() == null ? JsonValue.missing() : event.record();
        long nanos = LambdaTime.epochNanos(event.time());
        if (nanos == LambdaTime.INVALID) {
            nanos = clockNanos.getAsLong();
        }
        boolean converted = switch (type) {
            case "function" -> log(false, nanos, record);
            case "extension" -> log(true, nanos, record);
            case "platform.start" -> record.isObject() && invocations.start(record, nanos);
            case "platform.runtimeDone" -> record.isObject() && invocations.runtimeDone(record, nanos);
            case "platform.report" -> record.isObject() && invocations.report(record, nanos);
            case "platform.initStart" -> record.isObject() && initStart(record, nanos, Phases.Kind.INIT);
            case "platform.restoreStart" -> record.isObject() && initStart(record, nanos, Phases.Kind.RESTORE);
            case "platform.initRuntimeDone" -> record.isObject() && phaseRuntimeDone(record, nanos, Phases.Kind.INIT);
            case "platform.restoreRuntimeDone" -> record.isObject() && phaseRuntimeDone(record, nanos, Phases.Kind.RESTORE);
            case "platform.initReport" -> record.isObject() && phaseReport(record, nanos, Phases.Kind.INIT);
            case "platform.restoreReport" -> record.isObject() && phaseReport(record, nanos, Phases.Kind.RESTORE);
            case "platform.extension", "platform.telemetrySubscription" -> record.isObject() && phaseEvent(type, record, nanos);
            case "platform.logsDropped" -> record.isObject() && logsDropped(record);
            default -> {
                metrics.unknownEvents.add(1, Attributes.empty());
                LOG.log(DEBUG, () -> "ignored a telemetry event of unknown type " + type);
                yield true;
            }
        };
        if (!converted) {
            invalid(type);
        }
    }

    private boolean log(boolean extension, long nanos, JsonValue record) {
        if (!record.isString() && !record.isObject()) {
            return false;
        }
        LogRecords.Line line = logs.line(extension, nanos, record);
        if (line == null) {
            return true;
        }
        LogContext context;
        if (line.requestId() != null) {
            // A line that names its invocation belongs to it, not to whatever runs now.
            context = invocations.forRequest(line.requestId());
        } else {
            context = invocations.current();
            if (context == null) {
                context = phases.current();
            }
        }
        LogRecord.Builder builder = line.record();
        if (context != null) {
            builder.setTraceId(context.span().traceId())
                    .setSpanId(context.span().spanId())
                    .setFlags(context.span().traceFlags());
            if (context.invocationId() != null) {
                builder.addAttributes(context.invocationId());
            }
        } else if (line.requestId() != null) {
            builder.addAttributes(KeyValues.string("faas.invocation_id", line.requestId()));
        }
        out.log(builder.build());
        return true;
    }

    private boolean initStart(JsonValue record, long nanos, Phases.Kind kind) {
        if (functionName == null) {
            functionName = RecordFields.nonEmpty(record, "functionName");
        }
        SpanContext phase = phases.start(kind, record, nanos);
        invocations.initPhase(phase, "provisioned-concurrency".equals(RecordFields.text(record, "initializationType")));
        return true;
    }

    private boolean phaseRuntimeDone(JsonValue record, long nanos, Phases.Kind kind) {
        phases.runtimeDone(kind, record, nanos);
        return true;
    }

    private boolean phaseReport(JsonValue record, long nanos, Phases.Kind kind) {
        phases.report(kind, record, nanos);
        return true;
    }

    /** An extension's state or a subscription: an event of the init span, or only a debug line. */
    private boolean phaseEvent(String type, JsonValue record, long nanos) {
        List<KeyValue> attributes = new ArrayList<>(3);
        String name = RecordFields.nonEmpty(record, "name");
        String state = RecordFields.nonEmpty(record, "state");
        if (name != null) {
            attributes.add(KeyValues.string(type.equals("platform.extension") ? "aws.lambda.extension.name" : "aws.lambda.subscriber.name", name));
        }
        if (state != null) {
            attributes.add(KeyValues.string("aws.lambda.state", state));
        }
        String list = type.equals("platform.extension") ? "events" : "types";
        JsonValue values = record.get(list);
        if (values != null && values.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonValue value : values) {
                joined.append(joined.isEmpty() ? "" : ",").append(value.asText());
            }
            attributes.add(KeyValues.string("aws.lambda." + list, joined.toString()));
        }
        if (!phases.event(type, nanos, attributes)) {
            LOG.log(DEBUG, () -> type + ": " + record);
        }
        return true;
    }

    private boolean logsDropped(JsonValue record) {
        double records = RecordFields.number(record, "droppedRecords");
        if (Double.isNaN(records) || records < 0) {
            return false;
        }
        metrics.dropped.add((long) records, PlatformMetrics.LAMBDA_LOGS_DROPPED);
        out.droppedByLambda((long) records);
        LOG.log(DEBUG, () -> "Lambda dropped " + (long) records + " log records: " + RecordFields.text(record, "reason"));
        return true;
    }

    private void invalid(String type) {
        metrics.invalidEvents.add(1, metrics.eventType(type == null ? "" : type));
    }

    private String spanName() {
        return functionName != null ? functionName : "invoke";
    }

    /** Only for tests: invocations held open. */
    int openInvocations() {
        return invocations.openCount();
    }
}
