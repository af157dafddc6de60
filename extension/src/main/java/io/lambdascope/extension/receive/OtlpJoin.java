package io.lambdascope.extension.receive;

import com.google.protobuf.ByteString;
import io.lambdascope.extension.convert.InvocationContexts;
import io.lambdascope.extension.convert.SpanContext;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Joins what a function's SDK sent with what the extension knows of the function and its
 * invocations.
 *
 * <ul>
 *   <li><b>Resource.</b> The function's resource gains the Lambda attributes it lacks; what the
 *   function set is never overridden, except an SDK's placeholder {@code unknown_service*} name,
 *   and the extension's own {@code telemetry.*} attributes are not given to what an SDK made.</li>
 *   <li><b>Trace.</b> A span is placed in the invocation it was made in. When its trace is the
 *   invocation's (the caller's context reached the SDK, or the SDK followed Lambda's X-Ray
 *   header), it keeps its parent. When the SDK started a trace of its own, the span moves into the
 *   invocation's trace and a root span becomes a child of the invocation's span, so each invocation
 *   is one trace. Log records follow their spans; one made outside any span takes its
 *   invocation's context.</li>
 * </ul>
 * Thread-safe.
 */
public final class OtlpJoin {

    /** SDK traces remembered, so that every batch of one goes to the same invocation's trace. */
    static final int REMEMBERED = 256;
    private static final String SERVICE_NAME = "service.name";

    private final Resource lambda;
    private final InvocationContexts contexts;
    private final InvocationTimeline timeline;
    /** An SDK's trace id and the invocation context it joins; the context is null when it is kept as is. */
    private final Map<ByteString, Optional<SpanContext>> traces = new LinkedHashMap<>(REMEMBERED * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Optional<SpanContext>> eldest) {
            return size() > REMEMBERED;
        }
    };

    public OtlpJoin(Resource lambda, InvocationContexts contexts, InvocationTimeline timeline) {
        this.lambda = lambda;
        this.contexts = contexts;
        this.timeline = timeline;
    }

    ResourceSpans spans(ResourceSpans received) {
        ResourceSpans.Builder joined = received.toBuilder().setResource(resource(received.getResource()));
        for (ScopeSpans.Builder scope : joined.getScopeSpansBuilderList()) {
            for (Span.Builder span : scope.getSpansBuilderList()) {
                target(span.getTraceId(), span.getStartTimeUnixNano()).ifPresent(invocation -> {
                    span.setTraceId(invocation.traceId());
                    if (span.getParentSpanId().isEmpty()) {
                        span.setParentSpanId(invocation.spanId());
                    }
                });
            }
        }
        return joined.build();
    }

    ResourceMetrics metrics(ResourceMetrics received) {
        return received.toBuilder().setResource(resource(received.getResource())).build();
    }

    ResourceLogs logs(ResourceLogs received) {
        ResourceLogs.Builder joined = received.toBuilder().setResource(resource(received.getResource()));
        for (ScopeLogs.Builder scope : joined.getScopeLogsBuilderList()) {
            for (LogRecord.Builder record : scope.getLogRecordsBuilderList()) {
                long time = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
                if (record.getTraceId().isEmpty()) {
                    timeline.at(time).map(this::context).ifPresent(invocation ->
                            record.setTraceId(invocation.traceId()).setSpanId(invocation.spanId()));
                } else {
                    target(record.getTraceId(), time).ifPresent(invocation -> record.setTraceId(invocation.traceId()));
                }
            }
        }
        return joined.build();
    }

    /** The invocation context a trace moves into; empty when it stays as it is. */
    private synchronized Optional<SpanContext> target(ByteString traceId, long epochNanos) {
        Optional<SpanContext> known = traces.get(traceId);
        if (known != null) {
            return known;
        }
        Optional<SpanContext> target = timeline.at(epochNanos).map(this::context)
                .filter(invocation -> !invocation.traceId().equals(traceId));
        traces.put(traceId, target);
        return target;
    }

    private SpanContext context(InvocationTimeline.Started invocation) {
        return contexts.of(invocation.requestId(), invocation.xray());
    }

    private Resource resource(Resource received) {
        Set<String> keys = new HashSet<>();
        Resource.Builder joined = received.toBuilder();
        for (int i = joined.getAttributesCount() - 1; i >= 0; i--) {
            KeyValue attribute = joined.getAttributes(i);
            if (attribute.getKey().equals(SERVICE_NAME) && attribute.getValue().getStringValue().startsWith("unknown_service")) {
                joined.removeAttributes(i);
            } else {
                keys.add(attribute.getKey());
            }
        }
        for (KeyValue attribute : lambda.getAttributesList()) {
            // telemetry.sdk.* names what made the telemetry: the function's SDK, not the extension.
            if (!attribute.getKey().startsWith("telemetry.") && keys.add(attribute.getKey())) {
                joined.addAttributes(attribute);
            }
        }
        return joined.build();
    }
}
