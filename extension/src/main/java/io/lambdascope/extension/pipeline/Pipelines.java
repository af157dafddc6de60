package io.lambdascope.extension.pipeline;

import io.lambdascope.extension.capture.CaptureObserver;
import io.lambdascope.extension.capture.CapturedInvocations;
import io.lambdascope.extension.capture.EventCapture;
import io.lambdascope.extension.proxy.ExchangeObserver;
import io.lambdascope.extension.batch.ExportRequests;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.config.Configuration;
import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.config.TelemetryType;
import io.lambdascope.extension.convert.ConvertSettings;
import io.lambdascope.extension.convert.Converted;
import io.lambdascope.extension.convert.InvocationContexts;
import io.lambdascope.extension.convert.TraceContexts;
import io.lambdascope.extension.convert.Resources;
import io.lambdascope.extension.convert.TelemetryConverter;
import io.lambdascope.extension.export.ExportCredentials;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Exporters;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.flush.ExportHealth;
import io.lambdascope.extension.flush.FlushPolicy;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.flush.InvocationTracker;
import io.lambdascope.extension.lifecycle.Registration;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.receive.Intake;
import io.lambdascope.extension.receive.InvocationTimeline;
import io.lambdascope.extension.receive.OtlpJoin;
import io.lambdascope.extension.secret.ExportSecret;
import io.lambdascope.extension.tags.FunctionTags;
import io.lambdascope.extension.tags.ResourceTags;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.PrintStream;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Assembles the telemetry pipeline from the configuration: capture, convert, receive, buffer, flush, export. */
public final class Pipelines {

    private Pipelines() {
    }

    /**
     * The pipeline for this environment.
     *
     * @param config the configuration
     * @param environment the process environment, for the resource and the AWS calls reading the export headers secret and the function's tags
     * @param registration what Lambda said of the function at register
     * @param extensionName the name the extension registered under
     * @param version the extension's version, for the resource and the instrumentation scope
     * @param stdout where telemetry goes as OTLP JSON lines when no endpoint is set
     * @return the pipeline; its export thread is running
     */
    public static TelemetryPipeline create(Configuration config, Map<String, String> environment, Registration registration,
                                           String extensionName, String version, PrintStream stdout) {
        MetricRegistry metrics = new MetricRegistry();
        ExportHealth health = new ExportHealth(metrics);
        TelemetryBuffer buffer = new TelemetryBuffer(config.flush().bufferMaxBytes(),
                (signal, items) -> health.dropped(signal, ExportHealth.DropReason.BUFFER_FULL, items));
        // Only a configured secret loads the secret package and, through it, the AWS SDK.
        ExportCredentials credentials = config.export().endpoint().isPresent() && config.export().headersSecret().isPresent()
                ? ExportSecret.start(config.export().headersSecret().get(), environment)
                : ExportCredentials.NONE;
        Exporter exporter = Exporters.from(config.export(), credentials, stdout);
        ExportRequests requests = ExportRequests.of(Resources.resource(config.general(), environment, registration, version), version,
                config.redaction().attributeKeys());
        // Only LAMBDASCOPE_TAGS loads the tags package's AWS calls and, through them, the AWS SDK; the
        // fetch runs in the background, and exports wait for it up to the export timeout in all.
        ResourceTags tags = config.general().tags()
                ? FunctionTags.start(environment, registration.accountId(), config.export().timeout())
                : ResourceTags.NONE;
        Flusher flusher = new Flusher(buffer, exporter, requests, tags, metrics, health, config.flush(), config.export().timeout());

        Converted into = new Converted() {
            @Override
            public void span(Span span) {
                buffer.add(Signal.TRACES, span);
            }

            @Override
            public void log(LogRecord record) {
                buffer.add(Signal.LOGS, record);
            }

            @Override
            public void droppedByLambda(long records) {
                health.droppedByLambda(records);
            }
        };
        boolean platformEvents = config.telemetry().types().contains(TelemetryType.PLATFORM);
        CapturedInvocations captured = new CapturedInvocations(span -> buffer.add(Signal.TRACES, span), platformEvents);
        // When each invocation began, from the proxy (as the runtime gets its event) or from INVOKE.
        InvocationTimeline timeline = new InvocationTimeline();
        HeapTrim trim = new HeapTrim(HeapTrim.JVM);
        ExchangeObserver capture = config.capture().enabled()
                ? new CaptureObserver(EventCapture.of(config.capture(), config.redaction(), config.sampling()), captured,
                        (requestId, tracing) -> timeline.started(requestId, tracing, TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())),
                        trim::trimIfGrown, metrics)
                : ExchangeObserver.NONE;
        // The platform's invocation spans and a function's own spans share each invocation's context.
        InvocationContexts contexts = new InvocationContexts(captured, new TraceContexts(config.sampling(), new SplittableRandom()));
        // Without an endpoint the extension's export lines reach its own extension stream again.
        TelemetryConverter converter = new TelemetryConverter(new ConvertSettings(config.telemetry().logMaxBytes(),
                config.sampling(), extensionName, config.export().endpoint().isEmpty()), into, metrics, captured, contexts);
        Intake received = new Intake(new OtlpJoin(requests.resource(), contexts, timeline), buffer, config.flush().bufferMaxBytes(),
                flusher, config.flush().overheadBudget(), metrics);

        // In the background modes a flush starts as soon as the runtime is done, if the interval has passed.
        boolean background = config.flush().strategy() == FlushStrategy.CONTINUOUS || config.flush().strategy() == FlushStrategy.ADAPTIVE;
        Runnable flushIfDue = background ? flusher::flushIfDue : () -> { };
        // Without capture no proxy tells when the runtime waits for its next event, and the heap is
        // trimmed when the platform reports the runtime done: the runtime's own path does not go
        // through the extension then, and only an OTLP export of the function's could meet the pause.
        Runnable runtimeDone = config.capture().enabled() ? flushIfDue : () -> {
            flushIfDue.run();
            trim.trimIfGrown();
        };
        InvocationTracker tracker = new InvocationTracker(config.flush().overheadBudget(), runtimeDone);
        return new TelemetryPipeline(converter, buffer, tracker, new FlushPolicy(config.flush().strategy()), flusher, health,
                config.flush().overheadBudget(), config.flush().shutdownFlush(), platformEvents, capture, captured,
                received, timeline);
    }
}
