package io.lambdascope.sandbox.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lambdascope.sandbox.sink.SinkCounts;
import io.lambdascope.sandbox.telemetry.SubscriberReport;
import java.util.List;

/**
 * What one sandbox run did, written as JSON by {@code --report}: every init, invocation and
 * shutdown with their timings, what each extension was sent, what the Telemetry API delivered and
 * what the OTLP sink received. Times are milliseconds; moments are milliseconds since the run began.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(String functionName, int memoryMb, List<Init> inits, List<Invocation> invocations,
        List<Shutdown> shutdowns, List<Extension> extensions, List<SubscriberReport> telemetry, SinkCounts sink) {

    public RunReport {
        inits = List.copyOf(inits);
        invocations = List.copyOf(invocations);
        shutdowns = List.copyOf(shutdowns);
        extensions = List.copyOf(extensions);
        telemetry = List.copyOf(telemetry);
    }

    /** An init phase: its status, duration, and when each extension registered and became ready. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Init(double startMs, double durationMs, String status, String errorType,
            List<ExtensionStart> extensions) {
    }

    /** When an extension registered and first called next, since the run began. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExtensionStart(String name, Double registeredMs, Double readyMs) {
    }

    /**
     * One invocation. {@code postRuntimeMs} is the time from the runtime's answer until the last
     * extension called next: what extensions add to the billed duration.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Invocation(String requestId, String status, String errorType, double durationMs,
            double postRuntimeMs, long billedDurationMs, int maxMemoryUsedMb, double extensionCpuMs) {
    }

    /** A shutdown: its reason, duration, and whether each extension exited before the deadline. */
    public record Shutdown(String reason, double durationMs, List<ExtensionExit> extensions) {
    }

    /**
     * How an extension ended at shutdown, and the peak resident memory of its process group over
     * its life (VmHWM, what Lambda counts against the function's memory), its resident memory when
     * SHUTDOWN was sent (VmRSS, after every invocation), and the CPU time it had used by then (init
     * and every invocation).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExtensionExit(String name, boolean exitedBeforeDeadline, Integer exitCode, double peakMemoryMb,
            double residentMemoryMb, double cpuMs) {
    }

    /** What an extension was sent over its life and what it reported. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Extension(String name, List<String> events, long invokes, long shutdowns, String initError,
            String exitError) {
    }
}
