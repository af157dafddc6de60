package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.KeyValues;
import io.lambdascope.extension.convert.SpanContext;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The span of one invocation, started when its event was read and finished by the function's
 * answer: {@link #response} for what it posted to {@code /response}, {@link #error} for
 * {@code /error}. Either returns the complete OTLP span; the span ends at that call.
 */
public final class InvocationSpan implements Captured {

    private final SpanDraft draft;
    private final SpanContext context;
    private final String requestId;
    private final long startNanos;
    private final LongSupplier clockNanos;
    private final HttpResponses responses;
    private final Redaction redaction;

    InvocationSpan(SpanDraft draft, SpanContext context, String requestId, long startNanos, LongSupplier clockNanos,
                   HttpResponses responses, Redaction redaction) {
        this.draft = draft;
        this.context = context;
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.clockNanos = clockNanos;
        this.responses = responses;
        this.redaction = redaction;
    }

    /** What invoked the function. */
    public Trigger trigger() {
        return draft.trigger();
    }

    /** The span's name, e.g. {@code GET /items/{id}} or {@code process my-queue}. */
    public String name() {
        return draft.name();
    }

    /** Where the span sits in its trace: the ids a function's own spans should continue. */
    public SpanContext context() {
        return context;
    }

    /**
     * The finished span of an invocation that answered. For HTTP triggers the answer's status code,
     * headers and body are recorded; a 5xx status makes the span's status ERROR.
     *
     * @param body the bytes posted to {@code /response}; may be empty
     * @return the span
     */
    public Span response(byte[] body) {
        long end = clockNanos.getAsLong();
        List<KeyValue> attributes = new ArrayList<>();
        Status status = Status.getDefaultInstance();
        if (draft.trigger().http()) {
            HttpResponses.Response response = responses.read(draft.trigger(), body == null ? new byte[0] : body);
            attributes.addAll(response.attributes());
            int code = response.statusCode().orElse(0);
            if (code >= 500) {
                attributes.add(KeyValues.string("error.type", Integer.toString(code)));
                status = Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).build();
            }
        }
        return span(end, attributes, status).build();
    }

    /**
     * The finished span of an invocation that failed: status ERROR, {@code error.type}, and an
     * {@code exception} event as OpenTelemetry records exceptions.
     *
     * @param error what the runtime reported
     * @return the span
     */
    public Span error(RuntimeError error) {
        long end = clockNanos.getAsLong();
        List<KeyValue> attributes = new ArrayList<>();
        attributes.add(KeyValues.string("error.type", error.type()));
        Span.Event.Builder exception = Span.Event.newBuilder().setName("exception").setTimeUnixNano(end)
                .addAttributes(KeyValues.string("exception.type", error.type()));
        if (!error.message().isEmpty()) {
            exception.addAttributes(KeyValues.string("exception.message", error.message()));
        }
        if (!error.stackTrace().isEmpty()) {
            exception.addAttributes(KeyValues.string("exception.stacktrace", error.stackTrace()));
        }
        Span.Builder span = span(end, attributes, Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                .setMessage(error.message()).build());
        return span.addEvents(exception).build();
    }

    private Span.Builder span(long end, List<KeyValue> finish, Status status) {
        List<KeyValue> attributes = new ArrayList<>(draft.attributes().size() + finish.size() + 2);
        attributes.add(KeyValues.string("faas.invocation_id", requestId));
        attributes.add(KeyValues.string("faas.trigger", draft.trigger().faasTrigger()));
        attributes.addAll(draft.attributes());
        attributes.addAll(finish);
        return Span.newBuilder()
                .setTraceId(context.traceId())
                .setSpanId(context.spanId())
                .setParentSpanId(context.parentSpanId())
                .setFlags(context.spanFlags())
                .setName(draft.name())
                .setKind(draft.trigger().kind())
                .setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(Math.max(end, startNanos))
                .addAllAttributes(redaction.attributes(attributes))
                .addAllLinks(draft.links())
                .setStatus(status);
    }
}
