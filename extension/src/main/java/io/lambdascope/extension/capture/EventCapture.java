package io.lambdascope.extension.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.config.RedactionConfig;
import io.lambdascope.extension.config.Sampling;
import io.lambdascope.extension.convert.SpanContext;
import io.lambdascope.extension.convert.TraceContexts;
import io.lambdascope.extension.convert.XrayHeader;
import io.lambdascope.extension.json.JsonValue;

import java.io.IOException;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Turns the event of an invocation, and later the function's answer, into one OpenTelemetry span
 * that follows the semantic conventions of the trigger: an HTTP server span for API Gateway, load
 * balancer and function URL requests, a consumer span for queues, topics and streams. See
 * {@code docs/telemetry.md}, "Captured spans", for every name produced.
 *
 * <p>{@link #event} never throws: an event it cannot read gives {@link Captured.NotCaptured}.
 */
public final class EventCapture {

    private final boolean enabled;
    private final Redaction redaction;
    private final HttpEvents http;
    private final HttpResponses responses;
    private final TraceContexts contexts;
    private final LongSupplier clockNanos;

    EventCapture(CaptureConfig capture, RedactionConfig redaction, Sampling sampling, LongSupplier clockNanos, SplittableRandom random) {
        this.enabled = capture.enabled();
        this.redaction = new Redaction(redaction);
        Bodies bodies = new Bodies(capture);
        this.http = new HttpEvents(this.redaction, bodies);
        this.responses = new HttpResponses(this.redaction, bodies);
        this.contexts = new TraceContexts(sampling, random);
        this.clockNanos = clockNanos;
    }

    /**
     * A capture that exports every span.
     *
     * @param capture whether to capture, and the body limits
     * @param redaction what never leaves the function
     * @return the capture
     */
    public static EventCapture of(CaptureConfig capture, RedactionConfig redaction) {
        return of(capture, redaction, Sampling.ALL);
    }

    /**
     * A capture whose spans are marked sampled by a rule, as the platform's spans are.
     *
     * @param capture whether to capture, and the body limits
     * @param redaction what never leaves the function
     * @param sampling which traces are exported
     * @return the capture
     */
    public static EventCapture of(CaptureConfig capture, RedactionConfig redaction, Sampling sampling) {
        return new EventCapture(capture, redaction, sampling,
                () -> TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()), new SplittableRandom());
    }

    /** The capture's clock, in nanoseconds since the epoch: when a span starts. */
    public long now() {
        return clockNanos.getAsLong();
    }

    /**
     * Reads an event that came without a Lambda trace header, as it is read now: the span starts a
     * new trace unless the event carries its caller's context.
     *
     * @param body the body of {@code /runtime/invocation/next}
     * @param requestId the invocation's request id ({@code Lambda-Runtime-Aws-Request-Id})
     * @return the started span, or why there is none
     */
    public Captured event(byte[] body, String requestId) {
        return event(body, requestId, Optional.empty(), now());
    }

    /**
     * Reads an event. The span is a child of the caller named by a {@code traceparent} or
     * {@code X-Amzn-Trace-Id} header in an HTTP event; otherwise it joins the trace of Lambda's
     * header, as the platform's invocation span does.
     *
     * @param body the body of {@code /runtime/invocation/next}
     * @param requestId the invocation's request id ({@code Lambda-Runtime-Aws-Request-Id})
     * @param lambdaTraceHeader Lambda's {@code Lambda-Runtime-Trace-Id} header, when it sent one
     * @param start when the span starts: when the function was given its event ({@link #now()})
     * @return the started span, or why there is none
     */
    public Captured event(byte[] body, String requestId, Optional<String> lambdaTraceHeader, long start) {
        return read(body, requestId, lambdaTraceHeader, start);
    }

    private Captured read(byte[] body, String requestId, Optional<String> lambdaTraceHeader, long start) {
        if (!enabled) {
            return new Captured.NotCaptured("capture is off");
        }
        JsonValue event;
        try {
            event = body == null || body.length == 0 ? null : JsonValue.parse(body);
        } catch (JsonProcessingException e) {
            return new Captured.NotCaptured("the event is not JSON");
        } catch (IOException e) {
            return new Captured.NotCaptured("the event could not be read");
        }
        Optional<Trigger> trigger = EventClassifier.classify(event);
        if (trigger.isEmpty()) {
            return new Captured.NotCaptured(event == null ? "the event is empty" : "the event's shape is not a known trigger");
        }
        SpanDraft draft;
        try {
            draft = switch (trigger.get()) {
                case SQS, SNS, EVENTBRIDGE, SCHEDULED -> Messaging.read(trigger.get(), event);
                case S3, DYNAMODB, KINESIS, CLOUDWATCH_LOGS -> DataSources.read(trigger.get(), event);
                default -> http.request(trigger.get(), event);
            };
        } catch (RuntimeException e) {
            // A field of a type nobody foresaw must cost this span only, never the invocation.
            return new Captured.NotCaptured("the " + trigger.get() + " event could not be read: " + e.getClass().getSimpleName());
        }
        return new InvocationSpan(draft, context(draft, lambdaTraceHeader), requestId == null ? "" : requestId,
                start, clockNanos, responses, redaction);
    }

    private synchronized SpanContext context(SpanDraft draft, Optional<String> lambdaTraceHeader) {
        if (draft.parent().isPresent()) {
            RemoteParent parent = draft.parent().get();
            return new SpanContext(parent.traceId(), contexts.spanId(), parent.spanId(),
                    contexts.sampled(parent.traceId(), parent.sampled()), true);
        }
        return contexts.start(lambdaTraceHeader.flatMap(XrayHeader::parse));
    }
}
