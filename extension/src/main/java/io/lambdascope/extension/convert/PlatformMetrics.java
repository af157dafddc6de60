package io.lambdascope.extension.convert;

import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.Counter;
import io.lambdascope.extension.metrics.Histogram;
import io.lambdascope.extension.metrics.MetricRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics platform events produce, named after OpenTelemetry's FaaS conventions where they
 * have a name, {@code aws.lambda.*} for what is Lambda's own, {@code lambdascope.*} for the
 * extension's health. Attributes only where their values are few.
 */
final class PlatformMetrics {

    /** Seconds: OpenTelemetry's default duration buckets, stretched to Lambda's 15-minute limit. */
    static final List<Double> SECONDS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0,
            7.5, 10.0, 30.0, 60.0, 300.0, 900.0);
    private static final double MIB = 1024.0 * 1024.0;
    /** Bytes: Lambda's memory sizes, 128 MiB to 10 GiB. */
    static final List<Double> MEMORY = List.of(64.0 * MIB, 128.0 * MIB, 256.0 * MIB, 512.0 * MIB, 1024.0 * MIB,
            2048.0 * MIB, 4096.0 * MIB, 8192.0 * MIB, 10240.0 * MIB);

    /** Values kept per attribute; past these, {@code _OTHER}, as OpenTelemetry advises. */
    private static final int MAX_VALUES = 32;
    static final String INIT_TYPE = "aws.lambda.init.type";
    static final String ERROR_TYPE = "error.type";

    final Histogram invokeDuration;
    final Histogram billedDuration;
    final Histogram memoryUsage;
    final Histogram initDuration;
    final Histogram restoreDuration;
    final Counter invocations;
    final Counter coldStarts;
    final Counter errors;
    final Counter timeouts;
    final Counter dropped;
    final Counter unknownEvents;
    final Counter invalidEvents;
    final Counter incompleteSpans;

    static final Attributes LAMBDA_LOGS_DROPPED = Attributes.of("reason", "lambda_logs_dropped");

    private final Map<String, Attributes> errorTypes = new HashMap<>();
    private final Map<String, Attributes> eventTypes = new HashMap<>();
    private final Map<String, Attributes> initTypes = new HashMap<>();

    PlatformMetrics(MetricRegistry registry) {
        invokeDuration = registry.histogram("faas.invoke_duration", "s",
                "Time of an invocation from its start to its end as Lambda reports it", SECONDS);
        billedDuration = registry.histogram("aws.lambda.billed_duration", "s", "Billed time of an invocation", SECONDS);
        memoryUsage = registry.histogram("faas.mem_usage", "By", "Most memory an invocation's execution environment used", MEMORY);
        initDuration = registry.histogram("faas.init_duration", "s", "Time of the init phase", SECONDS);
        restoreDuration = registry.histogram("aws.lambda.restore_duration", "s", "Time of a SnapStart restore", SECONDS);
        invocations = registry.counter("faas.invocations", "{invocation}", "Invocations that succeeded");
        coldStarts = registry.counter("faas.coldstarts", "{coldstart}", "First invocations of an execution environment");
        errors = registry.counter("faas.errors", "{error}", "Invocations that ended in an error, a timeout or a failure");
        timeouts = registry.counter("faas.timeouts", "{timeout}", "Invocations that timed out");
        dropped = registry.counter("lambdascope.items.dropped", "{item}", "Telemetry items lost, by reason");
        unknownEvents = registry.counter("lambdascope.telemetry.unknown_events", "{event}",
                "Telemetry API events of a type the extension does not know, ignored");
        invalidEvents = registry.counter("lambdascope.telemetry.invalid_events", "{event}",
                "Telemetry API events that could not be converted, by type");
        incompleteSpans = registry.counter("lambdascope.spans.incomplete", "{span}",
                "Spans emitted before their closing event came, by reason");
    }

    /** The series of an error type; error types are few (Runtime.ExitError, Sandbox.Timedout...). */
    Attributes errorType(String type) {
        return bounded(errorTypes, ERROR_TYPE, type);
    }

    /** The series of a known event type (the caller never passes an unknown one). */
    Attributes eventType(String type) {
        return bounded(eventTypes, "type", type);
    }

    /** The series of an initialization type. */
    Attributes initType(String type) {
        return type == null ? Attributes.empty() : bounded(initTypes, INIT_TYPE, type);
    }

    private static Attributes bounded(Map<String, Attributes> cache, String key, String value) {
        Attributes attributes = cache.get(value);
        if (attributes != null) {
            return attributes;
        }
        if (cache.size() >= MAX_VALUES) {
            return Attributes.of(key, "_OTHER");
        }
        attributes = Attributes.of(key, value);
        cache.put(value, attributes);
        return attributes;
    }
}
