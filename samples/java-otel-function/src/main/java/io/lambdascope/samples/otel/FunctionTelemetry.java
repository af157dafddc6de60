package io.lambdascope.samples.otel;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The function's OpenTelemetry SDK: configured once per execution environment from the standard
 * {@code OTEL_*} variables (or {@code otel.*} system properties), and flushed at the end of every
 * invocation.
 *
 * <p>Lambda freezes the environment as soon as the function has answered, and may never thaw it:
 * whatever the SDK's batch processors and periodic metric reader still hold then is exported late
 * or lost. So every invocation ends with {@link #flush(Duration)}, as the OpenTelemetry Lambda
 * layers do, and the background threads only matter during long invocations.
 *
 * <p>With nothing configured the function exports OTLP http/protobuf to
 * {@code http://localhost:4318}, where the Lambdascope extension listens;
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc} exports to {@code http://localhost:4317} instead.
 */
final class FunctionTelemetry {

    /**
     * Defaults suited to Lambda. Every {@code OTEL_*} variable and {@code otel.*} system property
     * overrides them.
     *
     * <p>The protocol is http/protobuf, the default the OpenTelemetry specification recommends and
     * the Java agent uses; the SDK's autoconfigure module on its own would choose grpc. Its default
     * endpoint follows the protocol: {@code http://localhost:4318} for http/protobuf,
     * {@code http://localhost:4317} for grpc.
     *
     * <p>The metric reader exports every 20 s rather than the SDK's 60 s: invocations shorter than
     * that are exported by their final flush anyway, and a long one (up to 15 minutes) shows its
     * progress.
     */
    static final Map<String, String> LAMBDA_DEFAULTS = Map.of(
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.metric.export.interval", "20000");

    /**
     * The most an invocation waits for its telemetry to be exported before answering: long enough
     * for a local receiver, short enough that an unreachable one costs an invocation little.
     */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    /** How long a flush handed back its predecessor waits before asking again. */
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final OpenTelemetrySdk sdk;
    /** The results the last {@link #flush} got from the span and log processors, to recognise them handed back. */
    private CompletableResultCode lastSpanFlush;
    private CompletableResultCode lastLogFlush;

    private FunctionTelemetry(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /**
     * Builds the SDK from the environment and system properties, with the Lambda resource, and
     * makes it the global {@link OpenTelemetry} so that libraries instrumented with the API use it.
     * Call once per JVM.
     */
    static FunctionTelemetry configure() {
        Map<String, String> env = System.getenv();
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> LAMBDA_DEFAULTS)
                .addResourceCustomizer((configured, config) -> withLambda(configured, env))
                .setResultAsGlobal()
                .build()
                .getOpenTelemetrySdk();
        return new FunctionTelemetry(sdk);
    }

    /** The API the function instruments itself with. */
    OpenTelemetry openTelemetry() {
        return sdk;
    }

    /**
     * Exports every span, metric and log record the function has produced so far, waiting at most
     * {@code timeout}. Never throws: telemetry that cannot be exported in time must not fail the
     * invocation.
     *
     * @return whether all three providers finished exporting in time and successfully
     */
    synchronized boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lastSpanFlush = newFlush(sdk.getSdkTracerProvider()::forceFlush, lastSpanFlush, deadline);
        lastLogFlush = newFlush(sdk.getSdkLoggerProvider()::forceFlush, lastLogFlush, deadline);
        CompletableResultCode flushed = CompletableResultCode.ofAll(List.of(
                lastSpanFlush, lastLogFlush, sdk.getSdkMeterProvider().forceFlush()));
        return flushed.join(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).isSuccess();
    }

    /**
     * Asks a batch processor for a flush of what it holds now. The SDK's batch span and log
     * processors keep a flush registered for a moment after completing it, and a flush asked for
     * in that moment gets the completed one back: the function's next spans and log records then
     * stay queued, and Lambda may freeze the environment before anything sends them. Back-to-back
     * invocations hit that moment every few dozen. Such an answer is the very result the last flush
     * returned, so the flush is asked for again, briefly yielding to the processor's thread, until
     * a new one is taken or the flush's time is up. (The shared success result is never such an
     * answer: the processors return it for a flush they took and finished at once, and a
     * provider without processors for every flush.)
     */
    private static CompletableResultCode newFlush(Supplier<CompletableResultCode> flush, CompletableResultCode last,
                                                  long deadline) {
        CompletableResultCode result = flush.get();
        while (result == last && result != CompletableResultCode.ofSuccess() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            result = flush.get();
        }
        return result;
    }

    /**
     * The configured resource with the function's cloud and FaaS attributes from Lambda's
     * environment. What the user configured ({@code OTEL_RESOURCE_ATTRIBUTES},
     * {@code OTEL_SERVICE_NAME}) wins; with no service name configured, the function's name is the
     * service name.
     */
    static Resource withLambda(Resource configured, Map<String, String> env) {
        AttributesBuilder lambda = Attributes.builder()
                .put("cloud.provider", "aws")
                .put("cloud.platform", "aws_lambda");
        putPresent(lambda, "cloud.region", env.get("AWS_REGION"));
        putPresent(lambda, "faas.name", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        putPresent(lambda, "faas.version", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        putPresent(lambda, "faas.instance", env.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        String memoryMb = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        if (memoryMb != null && memoryMb.matches("\\d{1,9}")) {
            lambda.put("faas.max_memory", Long.parseLong(memoryMb) * 1024 * 1024);
        }
        String logGroup = env.get("AWS_LAMBDA_LOG_GROUP_NAME");
        if (logGroup != null && !logGroup.isEmpty()) {
            lambda.put(AttributeKey.stringArrayKey("aws.log.group.names"), List.of(logGroup));
        }

        Resource merged = Resource.create(lambda.build()).merge(configured);
        String service = merged.getAttribute(SERVICE_NAME);
        String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
        // The SDK names an unnamed service "unknown_service:java".
        if ((service == null || service.startsWith("unknown_service")) && function != null && !function.isEmpty()) {
            merged = merged.toBuilder().put(SERVICE_NAME, function).build();
        }
        return merged;
    }

    private static void putPresent(AttributesBuilder attributes, String key, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(key, value);
        }
    }
}
