package io.lambdascope.extension.convert;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.SpanFlags;

/**
 * Where a converted span sits in its trace.
 *
 * @param traceId 16 bytes
 * @param spanId 8 bytes
 * @param parentSpanId 8 bytes, or empty for a root span
 * @param sampled whether the span is exported
 * @param remoteParent whether the parent came from the caller (the X-Ray header)
 */
public record SpanContext(ByteString traceId, ByteString spanId, ByteString parentSpanId, boolean sampled, boolean remoteParent) {

    /** The span's OTLP flags: W3C trace flags and whether the parent is remote. */
    public int spanFlags() {
        int flags = (sampled ? 1 : 0) | SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE;
        return remoteParent ? flags | SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE : flags;
    }

    /** The W3C trace flags, for the log records of the span. */
    public int traceFlags() {
        return sampled ? 1 : 0;
    }

    /** A child of this span, in the same trace and with the same decision. */
    public SpanContext child(ByteString childSpanId) {
        return new SpanContext(traceId, childSpanId, spanId, sampled, false);
    }
}
