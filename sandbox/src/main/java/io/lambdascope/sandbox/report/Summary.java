package io.lambdascope.sandbox.report;

import io.lambdascope.sandbox.telemetry.SubscriberReport;
import java.util.Locale;

/** The run report as a few lines for a person at a terminal. */
public final class Summary {

    private Summary() {
    }

    public static String of(RunReport report) {
        StringBuilder out = new StringBuilder();
        line(out, "Function %s (%d MB)", report.functionName(), report.memoryMb());
        for (RunReport.Init init : report.inits()) {
            line(out, "Init: %s in %.1f ms%s", init.status(), init.durationMs(),
                    init.errorType() == null ? "" : " (" + init.errorType() + ")");
            for (RunReport.ExtensionStart extension : init.extensions()) {
                line(out, "  extension %s: registered at %s, ready at %s", extension.name(),
                        ms(extension.registeredMs()), ms(extension.readyMs()));
            }
        }
        line(out, "Invocations: %d", report.invocations().size());
        for (RunReport.Invocation invocation : report.invocations()) {
            line(out, "  %s %-7s %8.1f ms  (after runtime %.1f ms, billed %d ms, max memory %d MB)%s",
                    invocation.requestId(), invocation.status(), invocation.durationMs(), invocation.postRuntimeMs(),
                    invocation.billedDurationMs(), invocation.maxMemoryUsedMb(),
                    invocation.errorType() == null ? "" : " " + invocation.errorType());
        }
        for (RunReport.Shutdown shutdown : report.shutdowns()) {
            line(out, "Shutdown (%s): %.1f ms", shutdown.reason(), shutdown.durationMs());
            for (RunReport.ExtensionExit exit : shutdown.extensions()) {
                line(out, "  extension %s: %s; peak memory %.1f MB", exit.name(), exit.exitedBeforeDeadline()
                        ? "exited before the deadline (code " + exit.exitCode() + ")" : "killed at the deadline",
                        exit.peakMemoryMb());
            }
        }
        for (RunReport.Extension extension : report.extensions()) {
            line(out, "Extension %s received %d INVOKE and %d SHUTDOWN events%s", extension.name(),
                    extension.invokes(), extension.shutdowns(),
                    extension.exitError() == null ? "" : "; exit error " + extension.exitError());
        }
        for (SubscriberReport subscriber : report.telemetry()) {
            line(out, "Telemetry to %s: %d batches, %s", subscriber.extensionName(), subscriber.batchesDelivered(),
                    subscriber.eventsByType());
        }
        if (report.sink() != null) {
            line(out, "OTLP sink: %s", report.sink().summary());
        }
        return out.toString();
    }

    private static String ms(Double value) {
        return value == null ? "never" : String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
