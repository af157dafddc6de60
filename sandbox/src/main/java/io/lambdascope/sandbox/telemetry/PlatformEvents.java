package io.lambdascope.sandbox.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Builds {@code platform.*} events with the field names and nesting Lambda uses (Telemetry API
 * event schema reference and recorded payloads): records, {@code metrics}, {@code spans} of
 * {@code {name, start, durationMs}}, {@code tracing} of {@code {spanId, type, value}}.
 *
 * <p>Durations are rounded to microseconds, as Lambda writes them ({@code 1819.081}).
 */
public final class PlatformEvents {

    /** The only tracing type Lambda reports. */
    public static final String TRACE_HEADER_TYPE = "X-Amzn-Trace-Id";
    /** The reason Lambda gives when a subscriber could not keep up. */
    public static final String SLOW_CONSUMER_REASON =
            "Some logs were dropped because the downstream consumer is slower than the logs production rate";

    private PlatformEvents() {
    }

    /** {@code platform.initStart}; {@code memoryMb} is reported as {@code instanceMaxMemory}. */
    public static TelemetryEvent initStart(Instant t, String initializationType, String phase, String functionName,
            String functionVersion, String runtimeVersion, String runtimeVersionArn, int memoryMb) {
        return initStart(t, initializationType, phase, functionName, functionVersion, runtimeVersion, runtimeVersionArn,
                memoryMb, Optional.empty());
    }

    /** {@code platform.initStart} with the execution environment's {@code instanceId}. */
    public static TelemetryEvent initStart(Instant t, String initializationType, String phase, String functionName,
            String functionVersion, String runtimeVersion, String runtimeVersionArn, int memoryMb,
            Optional<String> instanceId) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("initializationType", initializationType);
        record.put("phase", phase);
        record.put("runtimeVersion", runtimeVersion);
        record.put("runtimeVersionArn", runtimeVersionArn);
        record.put("functionName", functionName);
        record.put("functionVersion", functionVersion);
        instanceId.ifPresent(id -> record.put("instanceId", id));
        record.put("instanceMaxMemory", memoryMb);
        return new TelemetryEvent(t, "platform.initStart", record);
    }

    /** {@code platform.initRuntimeDone}: the runtime called next (success) or failed its init. */
    public static TelemetryEvent initRuntimeDone(Instant t, String initializationType, String phase, String status,
            Optional<String> errorType) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("initializationType", initializationType);
        record.put("phase", phase);
        record.put("status", status);
        errorType.ifPresent(e -> record.put("errorType", e));
        return new TelemetryEvent(t, "platform.initRuntimeDone", record);
    }

    /** {@code platform.initReport}: the whole init phase, runtime and extensions. */
    public static TelemetryEvent initReport(Instant t, String initializationType, String phase, String status,
            double durationMs, Optional<String> errorType) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("initializationType", initializationType);
        record.put("phase", phase);
        record.put("status", status);
        errorType.ifPresent(e -> record.put("errorType", e));
        record.put("metrics", metrics("durationMs", millis(durationMs)));
        return new TelemetryEvent(t, "platform.initReport", record);
    }

    /** {@code platform.start}: an invocation begins; {@code tracing} only when the invocation is traced. */
    public static TelemetryEvent start(Instant t, String requestId, String version, Optional<String> xrayTraceHeader) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("requestId", requestId);
        record.put("version", version);
        xrayTraceHeader.ifPresent(h -> record.put("tracing", tracing(requestId, h)));
        return new TelemetryEvent(t, "platform.start", record);
    }

    /**
     * {@code platform.runtimeDone}: the runtime answered (or failed, or timed out). The spans
     * {@code responseLatency} (invocation start until {@code responseStart}), {@code responseDuration}
     * and {@code runtimeOverhead} are written only when a response was produced, that is unless
     * the status is {@code timeout} or {@code failure}.
     */
    public static TelemetryEvent runtimeDone(Instant t, String requestId, String status, Optional<String> errorType,
            double durationMs, long producedBytes, Instant responseStart, double responseLatencyMs,
            double responseDurationMs, double runtimeOverheadMs, Optional<String> xrayTraceHeader) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("requestId", requestId);
        record.put("status", status);
        errorType.ifPresent(e -> record.put("errorType", e));
        xrayTraceHeader.ifPresent(h -> record.put("tracing", tracing(requestId, h)));
        if (!status.equals("timeout") && !status.equals("failure")) {
            Instant latencyStart = responseStart.minus(micros(responseLatencyMs));
            Instant overheadStart = responseStart.plus(micros(responseDurationMs));
            record.put("spans", List.of(
                    span("responseLatency", latencyStart, responseLatencyMs),
                    span("responseDuration", responseStart, responseDurationMs),
                    span("runtimeOverhead", overheadStart, runtimeOverheadMs)));
        }
        record.put("metrics", metrics("durationMs", millis(durationMs), "producedBytes", producedBytes));
        return new TelemetryEvent(t, "platform.runtimeDone", record);
    }

    /** {@code platform.report}: the invocation's billing report; {@code initDurationMs} only on a cold start. */
    public static TelemetryEvent report(Instant t, String requestId, String status, Optional<String> errorType,
            double durationMs, long billedDurationMs, int memorySizeMb, int maxMemoryUsedMb,
            OptionalDouble initDurationMs, Optional<String> xrayTraceHeader) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("requestId", requestId);
        record.put("status", status);
        errorType.ifPresent(e -> record.put("errorType", e));
        Map<String, Object> metrics = metrics("durationMs", millis(durationMs), "billedDurationMs", billedDurationMs,
                "memorySizeMB", memorySizeMb, "maxMemoryUsedMB", maxMemoryUsedMb);
        initDurationMs.ifPresent(d -> metrics.put("initDurationMs", millis(d)));
        record.put("metrics", metrics);
        xrayTraceHeader.ifPresent(h -> record.put("tracing", tracing(requestId, h)));
        return new TelemetryEvent(t, "platform.report", record);
    }

    /** {@code platform.extension}: an extension registered ({@code Ready}) for the given events. */
    public static TelemetryEvent extension(Instant t, String name, String state, List<String> events) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", name);
        record.put("state", state);
        record.put("events", List.copyOf(events));
        return new TelemetryEvent(t, "platform.extension", record);
    }

    /** {@code platform.telemetrySubscription}: an extension subscribed ({@code Subscribed}) to streams. */
    public static TelemetryEvent telemetrySubscription(Instant t, String name, String state, List<String> types) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", name);
        record.put("state", state);
        record.put("types", List.copyOf(types));
        return new TelemetryEvent(t, "platform.telemetrySubscription", record);
    }

    /** {@code platform.logsDropped}: events a subscriber will never receive. */
    public static TelemetryEvent logsDropped(Instant t, String reason, long droppedRecords, long droppedBytes) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("reason", reason);
        record.put("droppedRecords", droppedRecords);
        record.put("droppedBytes", droppedBytes);
        return new TelemetryEvent(t, "platform.logsDropped", record);
    }

    /**
     * Lambda reports the same span id in the start, runtimeDone and report events of one traced
     * invocation; deriving it from the request id gives that without shared state.
     */
    static String spanId(String requestId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Map<String, Object> tracing(String requestId, String header) {
        Map<String, Object> tracing = new LinkedHashMap<>();
        tracing.put("spanId", spanId(requestId));
        tracing.put("type", TRACE_HEADER_TYPE);
        tracing.put("value", header);
        return tracing;
    }

    private static Map<String, Object> span(String name, Instant start, double durationMs) {
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("name", name);
        span.put("start", EventJson.time(start));
        span.put("durationMs", millis(durationMs));
        return span;
    }

    private static Map<String, Object> metrics(Object... namesAndValues) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            metrics.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return metrics;
    }

    private static double millis(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static Duration micros(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000.0));
    }
}
