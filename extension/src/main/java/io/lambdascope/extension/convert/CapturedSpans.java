package io.lambdascope.extension.convert;

import io.opentelemetry.proto.trace.v1.Span;

import java.util.Optional;

/**
 * What the Runtime API proxy's capture knows of an invocation, so that its span and the platform's
 * are one span: the proxy reads the event before Lambda's {@code platform.start} arrives, and the
 * invocation takes the context capture gave it (the caller's trace, when the event carried one);
 * at the report the captured attributes are merged into the platform's span.
 */
public interface CapturedSpans {

    /** The context capture gave this invocation, when it has seen its event. */
    Optional<SpanContext> context(String requestId);

    /**
     * Takes the finished captured span of this invocation to merge into the platform's. Once
     * claimed, capture does not export it on its own; one not finished yet is dropped when it is.
     */
    Optional<Span> claim(String requestId);

    /** No capture: the platform's spans stand alone. */
    CapturedSpans NONE = new CapturedSpans() {
        @Override
        public Optional<SpanContext> context(String requestId) {
            return Optional.empty();
        }

        @Override
        public Optional<Span> claim(String requestId) {
            return Optional.empty();
        }
    };
}
