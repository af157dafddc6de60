// An API Gateway (or function URL) handler that looks up an order, instrumented by hand with the
// OpenTelemetry API: per invocation one "handle order" span with a "load order" child, one count
// on the order.requests counter and one log record, correlated with the span.
import { flushing } from './otel.mjs';

import { context as otelContext, metrics, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { setTimeout as sleep } from 'node:timers/promises';

const SCOPE = 'node-otel-function';
const tracer = trace.getTracer(SCOPE);
const logger = logs.getLogger(SCOPE);
const orderRequests = metrics.getMeter(SCOPE).createCounter('order.requests', {
    unit: '{request}',
    description: 'Order requests the function handled, by outcome',
});

/** What the function throws when the order cannot be loaded; its name is Lambda's errorType. */
class OrderLookupError extends Error {
    name = 'OrderLookupError';
}

export const handler = flushing(async (event, context) => {
    const path = event.rawPath ?? event.path ?? '/';
    const orderId = event.pathParameters?.id ?? /^\/orders\/([^/]+)/.exec(path)?.[1] ?? 'latest';
    // A traceparent from the caller makes this invocation's spans part of the caller's trace.
    const parent = propagation.extract(ROOT_CONTEXT, event.headers ?? {});
    const attributes = {
        'order.id': orderId,
        'http.request.method': event.requestContext?.http?.method ?? event.httpMethod ?? 'GET',
        'url.path': path,
        'faas.invocation_id': context.awsRequestId,
    };
    return tracer.startActiveSpan('handle order', { attributes }, parent, async (span) => {
        try {
            const order = await loadOrder(orderId, event.queryStringParameters?.fail === 'true');
            record('ok', SeverityNumber.INFO, `order ${orderId} handled`, attributes);
            return {
                statusCode: 200,
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ order, requestId: context.awsRequestId, traceId: span.spanContext().traceId }),
            };
        } catch (error) {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
            record('error', SeverityNumber.ERROR, `order ${orderId} failed: ${error.message}`,
                { ...attributes, 'exception.type': error.name });
            throw error;
        } finally {
            span.end();
        }
    });
});

async function loadOrder(orderId, fail) {
    return tracer.startActiveSpan('load order', { attributes: { 'order.id': orderId } }, async (span) => {
        try {
            await sleep(5); // stands for a call to a data store
            if (fail) {
                throw new OrderLookupError(`order ${orderId} could not be loaded`);
            }
            return { id: orderId, status: 'shipped', items: 2 };
        } catch (error) {
            span.recordException(error);
            span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
            throw error;
        } finally {
            span.end();
        }
    });
}

/** Counts the request and emits its log record in the active span's context (trace and span ids). */
function record(outcome, severityNumber, body, attributes) {
    orderRequests.add(1, { 'order.outcome': outcome });
    logger.emit({
        severityNumber,
        severityText: severityNumber >= SeverityNumber.ERROR ? 'ERROR' : 'INFO',
        body,
        attributes,
        context: otelContext.active(),
    });
}
