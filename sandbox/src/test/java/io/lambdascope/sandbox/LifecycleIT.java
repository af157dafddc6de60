package io.lambdascope.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.function.FailingInitFunction;
import io.lambdascope.sandbox.function.ScriptedFunction;
import io.lambdascope.sandbox.process.ProcStat;
import io.lambdascope.sandbox.process.SandboxProcess;
import io.lambdascope.sandbox.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment's lifecycle with a Java function on the real runtime interface client and a
 * shell extension: freezing between invocations, timeouts, handler errors, a runtime that exits,
 * a failing init, and the exec wrapper with Lambda's variables.
 */
class LifecycleIT {

    private static final String HANDLER = ScriptedFunction.class.getName() + "::handleRequest";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough for a running ticker (every 20 ms) to have moved many times. */
    private static final Duration FROZEN_FOR = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private Path layer;
    private Path records;

    @BeforeEach
    void folders() throws IOException {
        layer = Files.createDirectories(dir.resolve("layer"));
        records = Files.createDirectories(dir.resolve("records"));
    }

    private Sandbox.Builder sandbox(String handler) throws IOException {
        return Sandbox.builder()
                .functionDir(Files.createDirectories(dir.resolve("function")))
                .handler(handler)
                .bootstrap(JavaRuntime.ric(handler))
                .layer(layer)
                .env("RECORD_DIR", records.toString());
    }

    @Test
    void betweenInvocationsEveryProcessIsFrozenAndMakesNoProgress() throws Exception {
        Path ticks = dir.resolve("ticks");
        ExtensionScript.ticker(layer, "ticker");
        try (Sandbox sandbox = sandbox(HANDLER).env("TICK_FILE", ticks.toString()).build()) {
            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
            // The processes the sandbox started are stopped; their children (the ticker's loop) are
            // shown frozen by what they do not do below. (A child in uninterruptible I/O shows
            // state D until the I/O ends, and only then T.)
            for (SandboxProcess process : sandbox.processes()) {
                awaitStopped(process.pid());
            }
            String before = Files.readString(ticks).strip();
            // Nothing to wait on here: what is shown is that nothing happens for a while.
            Thread.sleep(FROZEN_FOR.toMillis());
            assertEquals(before, Files.readString(ticks).strip(), "the extension's child made no progress while frozen");

            InvocationResult thawed = sandbox.invoke("{\"do\":\"await-change\",\"file\":\"" + ticks + "\",\"from\":\"" + before + "\"}");
            assertTrue(thawed.succeeded(), thawed.bodyText());
            assertNotEquals(before, JSON.readTree(thawed.body()).get("changedTo").asText(), "it counts again once thawed");
        }
    }

    /** With freezing off, nothing is stopped between invocations: the extension's child counts on. */
    @Test
    void withoutFreezingEveryProcessRunsOnBetweenInvocations() throws Exception {
        Path ticks = dir.resolve("ticks");
        ExtensionScript.ticker(layer, "ticker");
        try (Sandbox sandbox = sandbox(HANDLER).env("TICK_FILE", ticks.toString()).freezeBetweenInvocations(false).build()) {
            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
            for (SandboxProcess process : sandbox.processes()) {
                assertNotEquals('T', state(process.pid()), process.name() + " is stopped");
            }
            String before = Files.readString(ticks).strip();
            assertTrue(ProcStat.await(Duration.ofSeconds(5), () -> !read(ticks).equals(before)),
                    "the extension's child made no progress between invocations");
            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
        }
    }

    @Test
    void aFunctionPastItsTimeoutEndsWithTimeoutAndTheEnvironmentIsReset() throws Exception {
        ExtensionScript.recorder(layer, "recorder", "[\"INVOKE\",\"SHUTDOWN\"]", ExtensionScript.OnShutdown.EXIT);
        Duration timeout = Duration.ofSeconds(1);
        try (Sandbox sandbox = sandbox(HANDLER).timeout(timeout).build()) {
            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
            long firstRuntime = runtime(sandbox).pid();

            InvocationResult late = sandbox.invoke("{\"do\":\"sleep\",\"ms\":30000}");
            assertEquals("timeout", late.status());
            assertEquals("Sandbox.Timedout", late.errorType().orElseThrow());
            assertTrue(late.bodyText().contains("Task timed out after 1.00 seconds"), late.bodyText());
            assertFalse(ProcessHandle.of(firstRuntime).map(ProcessHandle::isAlive).orElse(false), "the runtime was ended");

            InvocationResult next = sandbox.invoke("{\"do\":\"echo\"}");
            assertTrue(next.succeeded(), next.bodyText());
            assertNotEquals(firstRuntime, runtime(sandbox).pid(), "a new environment serves the next invocation");

            RunReport report = sandbox.report();
            assertEquals(2, report.inits().size());
            assertEquals("timeout", report.shutdowns().getFirst().reason());
            List<String> seen = ExtensionScript.events(records, "recorder").stream()
                    .map(event -> event.get("eventType").asText() + event.path("shutdownReason").asText("")).toList();
            assertEquals(List.of("REGISTERED", "INVOKE", "INVOKE", "SHUTDOWNtimeout", "REGISTERED", "INVOKE"), seen);
        }
    }

    @Test
    void aHandlerExceptionIsAnErrorAndTheEnvironmentCarriesOn() throws Exception {
        try (Sandbox sandbox = sandbox(HANDLER).build()) {
            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
            long runtime = runtime(sandbox).pid();

            InvocationResult failed = sandbox.invoke("{\"do\":\"throw\",\"message\":\"no such order\"}");
            assertEquals("error", failed.status());
            assertEquals("Runtime.UserException", failed.errorType().orElseThrow(), "the type the runtime sent in its header");
            JsonNode error = JSON.readTree(failed.body());
            assertEquals("no such order", error.get("errorMessage").asText());
            assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());

            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
            assertEquals(runtime, runtime(sandbox).pid(), "the same runtime goes on");
            assertEquals(1, sandbox.report().inits().size());
        }
    }

    @Test
    void aRuntimeThatExitsIsAFailureAndTheEnvironmentIsReset() throws Exception {
        try (Sandbox sandbox = sandbox(HANDLER).build()) {
            InvocationResult crashed = sandbox.invoke("{\"do\":\"exit\",\"code\":3}");
            assertEquals("failure", crashed.status());
            assertEquals("Runtime.ExitError", crashed.errorType().orElseThrow());

            assertTrue(sandbox.invoke("{\"do\":\"echo\"}").succeeded());
            RunReport report = sandbox.report();
            assertEquals(2, report.inits().size());
            assertEquals("failure", report.shutdowns().getFirst().reason());
        }
    }

    @Test
    void aFunctionThatFailsItsInitFailsInitAndItsInvocations() throws Exception {
        String handler = FailingInitFunction.class.getName() + "::handleRequest";
        try (Sandbox sandbox = sandbox(handler).build()) {
            RunReport.Init init = sandbox.init();
            assertEquals("error", init.status());
            assertTrue(init.errorType() != null && !init.errorType().isEmpty(), "the runtime's init/error type is kept");

            InvocationResult result = sandbox.invoke("{}");
            assertEquals("failure", result.status());
            assertEquals(init.errorType(), result.errorType().orElseThrow());
        }
    }

    @Test
    void theRuntimeStartsThroughTheExecWrapperWithLambdasVariables() throws Exception {
        JavaRuntime.executable(layer.resolve("wrapper"), """
                #!/bin/sh
                export WRAPPED_BY="$(basename "$0")"
                exec "$@"
                """);
        try (Sandbox sandbox = sandbox(HANDLER).functionName("orders").memoryMb(512)
                .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/wrapper").env("FUNCTION_SETTING", "kept").build()) {
            InvocationResult result = sandbox.invoke("{\"do\":\"echo\"}");
            assertTrue(result.succeeded(), result.bodyText());
            JsonNode env = JSON.readTree(result.body()).get("env");
            assertEquals("wrapper", env.get("WRAPPED_BY").asText(), "the runtime ran under the wrapper");
            assertEquals("orders", env.get("AWS_LAMBDA_FUNCTION_NAME").asText());
            assertEquals("$LATEST", env.get("AWS_LAMBDA_FUNCTION_VERSION").asText());
            assertEquals("512", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText());
            assertEquals(HANDLER, env.get("_HANDLER").asText());
            assertEquals(dir.resolve("function").toString(), env.get("LAMBDA_TASK_ROOT").asText());
            assertEquals("/aws/lambda/orders", env.get("AWS_LAMBDA_LOG_GROUP_NAME").asText());
            assertTrue(env.get("AWS_LAMBDA_RUNTIME_API").asText().startsWith("127.0.0.1:"));
            assertEquals("kept", env.get("FUNCTION_SETTING").asText());
        }
        try (Sandbox sandbox = sandbox(HANDLER).customRuntime(true).env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/wrapper").build()) {
            JsonNode env = JSON.readTree(sandbox.invoke("{\"do\":\"echo\"}").body()).get("env");
            assertEquals("null", env.get("WRAPPED_BY").asText(), "as on Lambda, a custom runtime is not wrapped");
        }
    }

    private static SandboxProcess runtime(Sandbox sandbox) {
        return sandbox.processes().stream().filter(p -> p.name().equals("runtime")).findFirst().orElseThrow();
    }

    /**
     * Waits until the kernel shows the process stopped (state T in /proc/<pid>/stat): SIGSTOP is
     * sent synchronously, but a process with many threads stops as each of them is scheduled.
     */
    private static void awaitStopped(long pid) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        char state = '?';
        while (System.nanoTime() < end) {
            state = state(pid);
            if (state == 'T') {
                return;
            }
            LockSupport.parkNanos(100_000);
        }
        throw new AssertionError("process " + pid + " not stopped; its state is " + state);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
