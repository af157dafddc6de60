// The OpenTelemetry SDK for this function: traces, metrics and logs, each exported as OTLP/HTTP
// JSON by the SDK's default exporters. Import it before anything that records telemetry.
//
// The exporters keep their defaults, so OTEL_EXPORTER_OTLP_ENDPOINT (or the per-signal
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT and friends) applies, and without it they send to
// http://localhost:4318, where the Lambdascope extension's OTLP receiver listens.
//
// Lambda freezes the execution environment as soon as the function has answered, so nothing the
// SDK buffered would leave until the next invocation thaws it, if one ever comes. flushing() makes
// every invocation wait for its own telemetry to be exported before it answers.
import { metrics } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

// How long before the invocation's deadline a flush stops waiting: an unreachable endpoint (the
// exporters retry refused connections for up to 10 s) must not turn an answer into a timeout.
const FLUSH_DEADLINE_MARGIN_MS = 100;
// How long a flush waits when it is given no deadline.
const FLUSH_TIMEOUT_MS = 2000;

const env = process.env;

// The SDK's own attributes (telemetry.sdk.*); service.name, OTEL_SERVICE_NAME or else the
// function's name; cloud and faas attributes from Lambda's variables; then OTEL_RESOURCE_ATTRIBUTES.
const resource = defaultResource().merge(resourceFromAttributes({
    [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || env.AWS_LAMBDA_FUNCTION_NAME || 'node-otel-function',
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_lambda',
    'cloud.region': env.AWS_REGION,
    'faas.name': env.AWS_LAMBDA_FUNCTION_NAME,
    'faas.version': env.AWS_LAMBDA_FUNCTION_VERSION,
    'faas.max_memory': Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) * 1024 * 1024 || undefined,
})).merge(detectResources({ detectors: [envDetector] }));

const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
// Installs the provider globally with Node's AsyncLocalStorage context manager, so the active span
// follows the handler across await, and the W3C trace context propagator.
tracerProvider.register();

const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
});
metrics.setGlobalMeterProvider(meterProvider);

const loggerProvider = new LoggerProvider({
    resource,
    processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })],
});
logs.setGlobalLoggerProvider(loggerProvider);

/**
 * Exports everything the three providers hold, waiting at most until deadlineMs (epoch
 * milliseconds). A failed or late export is reported on stderr and never fails the invocation.
 */
export async function flush(deadlineMs = Date.now() + FLUSH_TIMEOUT_MS) {
    const flushes = [
        ['traces', tracerProvider.forceFlush()],
        ['metrics', meterProvider.forceFlush()],
        ['logs', loggerProvider.forceFlush()],
    ].map(([signal, done]) => done.then(
        () => undefined,
        (error) => `${signal}: ${error?.message ?? error}`));
    let timer;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve(['the exporters did not finish before the deadline']),
            Math.max(0, deadlineMs - Date.now()));
    });
    const failures = (await Promise.race([Promise.all(flushes), late])).filter(Boolean);
    clearTimeout(timer);
    if (failures.length > 0) {
        console.warn(`OpenTelemetry flush incomplete: ${failures.join('; ')}`);
    }
}

/**
 * Wraps a Lambda handler so that every invocation, whether it answers or throws, flushes the
 * SDK before its outcome goes back to Lambda.
 */
export function flushing(handler) {
    return async (event, context) => {
        try {
            return await handler(event, context);
        } finally {
            const remainingMs = context?.getRemainingTimeInMillis?.();
            await flush(remainingMs === undefined ? undefined : Date.now() + remainingMs - FLUSH_DEADLINE_MARGIN_MS);
        }
    };
}
