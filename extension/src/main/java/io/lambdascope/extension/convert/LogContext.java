package io.lambdascope.extension.convert;

import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * What a log line takes from the span it belongs to.
 *
 * @param span the span: an invocation, or the init or restore phase
 * @param invocationId the {@code faas.invocation_id} attribute, built once per invocation; null
 *                     for a phase
 */
record LogContext(SpanContext span, KeyValue invocationId) {
}
