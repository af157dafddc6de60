package io.lambdascope.extension.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdascope.extension.layer.LauncherOptions;
import io.lambdascope.extension.layer.LayerPaths;
import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.sink.SinkContents;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.extensions.RegisteredExtension;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.telemetry.SubscriberReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built x86_64 layer in the sandbox, beside the sample function started through the layer's
 * exec wrapper: the extension registers, receives one INVOKE per invocation and SHUTDOWN at the
 * end, gets the platform's telemetry, and exits before the shutdown deadline.
 */
class SandboxRunIT {

    private static final int INVOCATIONS = 5;

    private static Sandbox.Builder sandbox() {
        return sandbox(SampleFunction.LAYER);
    }

    private static Sandbox.Builder sandbox(Path layer) {
        return SampleFunction.withLayer(layer)
                .timeout(Duration.ofSeconds(10)).otlpSink(true);
    }

    /** The built layer's tree copied to {@code to} with its modes and times, as {@code cp -a} and an image build copy it. */
    private static Path copiedTree(Path to) throws Exception {
        Path tree = LayerPaths.tree();
        Process copy = new ProcessBuilder("cp", "-a", tree.toString(), to.toString()).inheritIO().start();
        assertEquals(0, copy.waitFor(), "cp -a " + tree);
        return to;
    }

    @Test
    void extensionFollowsTheLifecycleFromRegisterToShutdown() throws Exception {
        RunReport report;
        try (Sandbox sandbox = sandbox().build()) {
            for (int i = 0; i < INVOCATIONS; i++) {
                InvocationResult result = sandbox.invoke(SampleFunction.EVENT);
                assertEquals("success", result.status(), result.bodyText());
                assertTrue(result.bodyText().contains("\\\"path\\\":\\\"/orders\\\""), result.bodyText());
            }
            RegisteredExtension extension = sandbox.extensions().getFirst();
            assertEquals("lambdascope", extension.name());
            assertEquals(List.of("INVOKE", "SHUTDOWN"), extension.events());
            sandbox.shutdown();
            report = sandbox.report();
        }

        RunReport.Init init = report.inits().getFirst();
        assertEquals("success", init.status());
        RunReport.ExtensionStart start = init.extensions().getFirst();
        assertNotNull(start.registeredMs(), "registered");
        assertNotNull(start.readyMs(), "called next during init");

        RunReport.Extension extension = report.extensions().getFirst();
        assertEquals(INVOCATIONS, extension.invokes(), "one INVOKE per invocation");
        assertEquals(1, extension.shutdowns(), "SHUTDOWN at the end");
        assertEquals(null, extension.exitError());

        RunReport.ExtensionExit exit = report.shutdowns().getFirst().extensions().getFirst();
        assertTrue(exit.exitedBeforeDeadline(), "exited before the deadline");
        assertEquals(0, exit.exitCode());

        SubscriberReport telemetry = report.telemetry().getFirst();
        assertEquals("lambdascope", telemetry.extensionName());
        assertEquals(INVOCATIONS, telemetry.eventsByType().get("platform.start"));
        assertEquals(INVOCATIONS, telemetry.eventsByType().get("platform.report"),
                "the last report reaches the extension during shutdown");
        assertTrue(telemetry.eventsByType().getOrDefault("function", 0) >= INVOCATIONS, "function log lines");
    }

    /**
     * A container-image function has no layers: its image copies the layer's tree into /opt. The
     * same tree, copied with its modes as an image build copies it, runs the same.
     */
    @Test
    void theLayerTreeCopiedAsAnImageBuildWouldRunsTheSame(@TempDir Path image) throws Exception {
        SinkContents contents;
        try (Sandbox sandbox = sandbox(copiedTree(image.resolve("opt"))).build()) {
            InvocationResult result = sandbox.invoke(SampleFunction.EVENT);
            assertEquals("success", result.status(), result.bodyText());
            assertEquals("lambdascope", sandbox.extensions().getFirst().name());
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
        }
        assertTrue(contents.spans().stream().anyMatch(span -> span.getName().equals("GET /orders")),
                "the invocation was captured through the wrapper: " + contents.spans());
    }

    /**
     * Warm-up stops the extension's JVM for no collection of the code cache. The JVM collects the
     * heap to unload compiled code whenever the code cache has grown by a share of its size since
     * the last time; with the serial collector that is a full collection, during which the proxy
     * relays nothing. The launcher's threshold is above what warm-up compiles: with the JVM's
     * default, these invocations brought one such collection in every run. A copy of the layer
     * whose launcher logs the collector's pauses shows which there were.
     */
    @Test
    void warmingUpStopsTheWorldForNoCodeCacheCollection(@TempDir Path work) throws Exception {
        Path opt = copiedTree(work.resolve("opt"));
        Path gcLog = work.resolve("gc.log");
        LauncherOptions.add(opt.resolve("extensions/lambdascope"), "-Xlog:gc:file=" + gcLog);

        try (Sandbox sandbox = sandbox(opt).build()) {
            for (int i = 0; i < 800; i++) {
                InvocationResult result = sandbox.invoke(SampleFunction.EVENT);
                assertEquals("success", result.status(), result.bodyText());
            }
            sandbox.shutdown();
        }
        String pauses = Files.readString(gcLog);
        assertTrue(pauses.contains("Pause Young"), "the log holds the run's collections: " + pauses);
        assertFalse(pauses.contains("CodeCache GC Threshold"), pauses);
    }

    @Test
    void disabledExtensionStillRegistersAndTheFunctionRunsUnwrapped() throws Exception {
        try (Sandbox sandbox = sandbox().env("LAMBDASCOPE_DISABLED", "true").build()) {
            InvocationResult result = sandbox.invoke(SampleFunction.EVENT);
            assertEquals("success", result.status(), result.bodyText());
            sandbox.shutdown();
            RunReport report = sandbox.report();
            assertEquals(1, report.extensions().getFirst().invokes());
            assertTrue(report.shutdowns().getFirst().extensions().getFirst().exitedBeforeDeadline());
            assertTrue(report.telemetry().isEmpty(), "a disabled extension subscribes to nothing");
        }
    }
}
