package io.lambdascope.extension.convert;

import io.lambdascope.extension.telemetry.LambdaTime;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * One invocation between its {@code platform.start} and its {@code platform.report}: what is known
 * of it so far, and its span once the report came (or never will).
 */
final class Invocation {

    static final String STATUS = "aws.lambda.status";
    static final String INCOMPLETE = "lambdascope.span.incomplete";

    final String requestId;
    final SpanContext context;
    final LogContext logContext;
    long startNanos = LambdaTime.INVALID;
    boolean coldStart;
    SpanContext initContext;
    String version;
    String tenantId;
    String status;
    String errorType;
    long runtimeDoneNanos = LambdaTime.INVALID;
    double runtimeDurationMs = Double.NaN;
    double producedBytes = Double.NaN;

    Invocation(String requestId, SpanContext context) {
        this.requestId = requestId;
        this.context = context;
        this.logContext = new LogContext(context, KeyValues.string("faas.invocation_id", requestId));
    }

    /** Whether the runtime's status reads as a failed invocation. */
    static boolean failed(String status) {
        return status != null && !status.equals("success");
    }

    /**
     * The invocation's span.
     *
     * @param name the span name: the function's name
     * @param report the report's figures, or null when it never came
     * @param reportNanos when the report came, or {@link LambdaTime#INVALID}
     * @param incompleteReason why the span closes without its report, or null
     * @return the span
     */
    Span span(String name, Report report, long reportNanos, String incompleteReason) {
        double durationMs = report == null ? Double.NaN : report.durationMs();
        long start = startNanos;
        if (start == LambdaTime.INVALID) {
            start = reportNanos != LambdaTime.INVALID && !Double.isNaN(durationMs)
                    ? reportNanos - RecordFields.millisToNanos(durationMs)
                    : runtimeDoneNanos != LambdaTime.INVALID && !Double.isNaN(runtimeDurationMs)
                    ? runtimeDoneNanos - RecordFields.millisToNanos(runtimeDurationMs)
                    : firstValid(runtimeDoneNanos, reportNanos, 0);
        }
        long end;
        if (!Double.isNaN(durationMs)) {
            end = start + RecordFields.millisToNanos(durationMs);
        } else if (!Double.isNaN(runtimeDurationMs)) {
            end = start + RecordFields.millisToNanos(runtimeDurationMs);
        } else {
            end = Math.max(start, firstValid(runtimeDoneNanos, reportNanos, start));
        }
        Span.Builder span = Span.newBuilder()
                .setTraceId(context.traceId())
                .setSpanId(context.spanId())
                .setParentSpanId(context.parentSpanId())
                .setFlags(context.spanFlags())
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(Math.max(0, start))
                .setEndTimeUnixNano(Math.max(0, end))
                .addAttributes(logContext.invocationId())
                .addAttributes(KeyValues.bool("faas.coldstart", coldStart));
        String finalStatus = report != null && report.status() != null ? report.status() : status;
        String finalError = report != null && report.errorType() != null ? report.errorType() : errorType;
        if (finalStatus != null) {
            span.addAttributes(KeyValues.string(STATUS, finalStatus));
        }
        if (failed(finalStatus)) {
            String type = finalError != null ? finalError : finalStatus;
            span.addAttributes(KeyValues.string(PlatformMetrics.ERROR_TYPE, type));
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                    .setMessage(finalError != null ? finalStatus + ": " + finalError : finalStatus));
        }
        if (version != null) {
            span.addAttributes(KeyValues.string("faas.version", version));
        }
        if (tenantId != null) {
            span.addAttributes(KeyValues.string("aws.lambda.tenant_id", tenantId));
        }
        if (report != null) {
            report.addAttributes(span);
        }
        if (!Double.isNaN(runtimeDurationMs)) {
            span.addAttributes(KeyValues.number("aws.lambda.runtime_duration_ms", runtimeDurationMs));
        }
        if (!Double.isNaN(producedBytes)) {
            span.addAttributes(KeyValues.integer("aws.lambda.produced_bytes", (long) producedBytes));
        }
        if (incompleteReason != null) {
            span.addAttributes(KeyValues.bool(INCOMPLETE, true))
                    .addAttributes(KeyValues.string("lambdascope.span.incomplete_reason", incompleteReason));
        }
        if (runtimeDoneNanos != LambdaTime.INVALID) {
            span.addEvents(Span.Event.newBuilder().setName("platform.runtimeDone").setTimeUnixNano(runtimeDoneNanos));
        }
        if (initContext != null) {
            span.addLinks(Span.Link.newBuilder().setTraceId(initContext.traceId()).setSpanId(initContext.spanId())
                    .setFlags(initContext.spanFlags())
                    .addAttributes(KeyValues.string("lambdascope.link.type", "init")));
        }
        return span.build();
    }

    private static long firstValid(long first, long second, long otherwise) {
        return first != LambdaTime.INVALID ? first : second != LambdaTime.INVALID ? second : otherwise;
    }

    /**
     * The figures of a {@code platform.report}.
     *
     * @param status success, error, timeout or failure; null when the report has none
     * @param errorType the error type, or null
     * @param durationMs the invocation's duration, or NaN
     * @param billedMs the billed duration, or NaN
     * @param memorySizeMb the configured memory, or NaN
     * @param maxMemoryUsedMb the most memory used, or NaN
     * @param initDurationMs the init duration a cold start's report carries, or NaN
     */
    record Report(String status, String errorType, double durationMs, double billedMs, double memorySizeMb,
                  double maxMemoryUsedMb, double initDurationMs) {

        void addAttributes(Span.Builder span) {
            if (!Double.isNaN(billedMs)) {
                span.addAttributes(KeyValues.number("aws.lambda.billed_duration_ms", billedMs));
            }
            if (!Double.isNaN(memorySizeMb)) {
                span.addAttributes(KeyValues.integer("aws.lambda.memory_size_mb", Math.round(memorySizeMb)));
            }
            if (!Double.isNaN(maxMemoryUsedMb)) {
                span.addAttributes(KeyValues.integer("aws.lambda.max_memory_used_mb", Math.round(maxMemoryUsedMb)));
            }
            if (!Double.isNaN(initDurationMs)) {
                span.addAttributes(KeyValues.number("aws.lambda.init_duration_ms", initDurationMs));
            }
        }
    }
}
