package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.telemetry.LambdaTime;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.function.Consumer;

/**
 * The {@code spans} Lambda puts in {@code platform.runtimeDone} and the init and restore records
 * ({@code responseLatency}, {@code responseDuration}, {@code runtimeOverhead}, ...), as children of
 * the invocation's or phase's span.
 */
final class ChildSpans {

    private ChildSpans() {
    }

    /**
     * Emits the record's child spans when the parent is sampled.
     *
     * @param record the platform record
     * @param parent the parent span
     * @param ids for the children's span ids
     * @param out where the spans go
     * @return how many entries of {@code spans} were not spans (no name, no valid start or duration)
     */
    static int emit(JsonValue record, SpanContext parent, TraceContexts ids, Consumer<Span> out) {
        JsonValue spans = record.get("spans");
        if (spans == null || !spans.isArray()) {
            return 0;
        }
        int invalid = 0;
        for (JsonValue child : spans) {
            if (!child.isObject()) {
                invalid++;
                continue;
            }
            String name = RecordFields.nonEmpty(child, "name");
            long start = LambdaTime.epochNanos(RecordFields.text(child, "start"));
            double durationMs = RecordFields.number(child, "durationMs");
            if (name == null || start == LambdaTime.INVALID || Double.isNaN(durationMs) || durationMs < 0) {
                invalid++;
                continue;
            }
            if (!parent.sampled()) {
                continue;
            }
            SpanContext context = parent.child(ids.spanId());
            out.accept(Span.newBuilder()
                    .setTraceId(context.traceId())
                    .setSpanId(context.spanId())
                    .setParentSpanId(context.parentSpanId())
                    .setFlags(context.spanFlags())
                    .setName(name)
                    .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                    .setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + RecordFields.millisToNanos(durationMs))
                    .build());
        }
        return invalid;
    }
}
