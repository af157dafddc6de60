package io.lambdascope.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.extensions.RegisteredExtension;
import io.lambdascope.sandbox.function.ScriptedFunction;
import io.lambdascope.sandbox.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External extensions from a layer, as shell scripts with curl, beside a Java function on the
 * real runtime interface client: registration, INVOKE and SHUTDOWN events, the shutdown deadline.
 */
class ExtensionsIT {

    private static final String HANDLER = ScriptedFunction.class.getName() + "::handleRequest";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path layer;
    private Path records;

    @BeforeEach
    void folders() throws Exception {
        layer = Files.createDirectories(dir.resolve("layer"));
        records = Files.createDirectories(dir.resolve("records"));
    }

    private Sandbox.Builder sandbox() throws Exception {
        return Sandbox.builder()
                .functionDir(Files.createDirectories(dir.resolve("function")))
                .handler(HANDLER)
                .bootstrap(JavaRuntime.ric(HANDLER))
                .functionName("orders")
                .layer(layer)
                .env("RECORD_DIR", records.toString());
    }

    @Test
    void extensionsRegisterUnderTheirFileNamesAndGetInvokeThenShutdown() throws Exception {
        ExtensionScript.recorder(layer, "recorder", "[\"INVOKE\",\"SHUTDOWN\"]", ExtensionScript.OnShutdown.EXIT);
        ExtensionScript.recorder(layer, "shutdown-only", "[\"SHUTDOWN\"]", ExtensionScript.OnShutdown.EXIT);
        try (Sandbox sandbox = sandbox().build()) {
            RunReport.Init init = sandbox.init();
            assertEquals("success", init.status());
            List<String> names = sandbox.extensions().stream().map(RegisteredExtension::name).sorted().toList();
            assertEquals(List.of("recorder", "shutdown-only"), names);
            assertTrue(sandbox.extensions().stream().allMatch(RegisteredExtension::external));
            for (RunReport.ExtensionStart start : init.extensions()) {
                assertNotNull(start.registeredMs(), start.name());
                assertNotNull(start.readyMs(), start.name() + " called next before init ended");
                assertTrue(start.readyMs() >= start.registeredMs());
            }

            JsonNode answer = ExtensionScript.registerAnswer(records, "recorder");
            assertEquals("orders", answer.get("functionName").asText());
            assertEquals("$LATEST", answer.get("functionVersion").asText());
            assertEquals(HANDLER, answer.get("handler").asText());
            assertEquals("123456789012", answer.get("accountId").asText());

            InvocationResult first = sandbox.invoke("{\"do\":\"echo\"}");
            // The invocation ends only once the extension asked for its next event: INVOKE is recorded by now.
            List<JsonNode> events = ExtensionScript.events(records, "recorder");
            assertEquals(List.of("REGISTERED", "INVOKE"), events.stream().map(e -> e.get("eventType").asText()).toList());
            JsonNode invoke = events.get(1);
            assertEquals(first.requestId(), invoke.get("requestId").asText());
            assertEquals("arn:aws:lambda:us-east-1:123456789012:function:orders", invoke.get("invokedFunctionArn").asText());
            assertEquals("X-Amzn-Trace-Id", invoke.get("tracing").get("type").asText());
            assertEquals(JSON.readTree(first.body()).get("traceHeader").asText(), invoke.get("tracing").get("value").asText(),
                    "the extension and the function see the same trace");
            assertTrue(invoke.get("deadlineMs").asLong() > 0);

            InvocationResult second = sandbox.invoke("{\"do\":\"echo\"}");
            long beforeShutdown = System.currentTimeMillis();
            RunReport.Shutdown shutdown = sandbox.shutdown().orElseThrow();
            long afterShutdown = System.currentTimeMillis();
            assertEquals("spindown", shutdown.reason());

            events = ExtensionScript.events(records, "recorder");
            assertEquals(List.of("REGISTERED", "INVOKE", "INVOKE", "SHUTDOWN"),
                    events.stream().map(e -> e.get("eventType").asText()).toList());
            assertEquals(second.requestId(), events.get(2).get("requestId").asText());
            JsonNode shutdownEvent = events.get(3);
            assertEquals("spindown", shutdownEvent.get("shutdownReason").asText());
            long deadline = shutdownEvent.get("deadlineMs").asLong();
            assertTrue(deadline > beforeShutdown && deadline <= afterShutdown + Duration.ofSeconds(2).toMillis(),
                    "deadline " + deadline + " not within the shutdown's " + Duration.ofSeconds(2));
            assertEquals(List.of("REGISTERED", "SHUTDOWN"), ExtensionScript.eventTypes(records, "shutdown-only"));

            for (RunReport.ExtensionExit exit : shutdown.extensions()) {
                assertTrue(exit.exitedBeforeDeadline(), exit.name());
                assertEquals(0, exit.exitCode(), exit.name());
                assertTrue(exit.peakMemoryMb() > 0, exit.name());
            }
            RunReport report = sandbox.report();
            RunReport.Extension recorder = report.extensions().stream().filter(e -> e.name().equals("recorder"))
                    .findFirst().orElseThrow();
            assertEquals(2, recorder.invokes());
            assertEquals(1, recorder.shutdowns());
            assertEquals(List.of("INVOKE", "SHUTDOWN"), recorder.events());
            for (RunReport.Invocation invocation : report.invocations()) {
                assertEquals("success", invocation.status());
                assertTrue(invocation.postRuntimeMs() >= 0 && invocation.postRuntimeMs() <= invocation.durationMs());
            }
        }
    }

    @Test
    void anExtensionThatIgnoresShutdownIsKilledAtTheDeadlineAndReported() throws Exception {
        ExtensionScript.recorder(layer, "polite", "[\"INVOKE\",\"SHUTDOWN\"]", ExtensionScript.OnShutdown.EXIT);
        ExtensionScript.recorder(layer, "stubborn", "[\"INVOKE\",\"SHUTDOWN\"]", ExtensionScript.OnShutdown.IGNORE);
        try (Sandbox sandbox = sandbox().shutdownTimeout(Duration.ofMillis(500)).build()) {
            assertTrue(sandbox.invoke("{}").succeeded());
            long stubbornPid = sandbox.processes().stream().filter(p -> p.name().equals("stubborn"))
                    .findFirst().orElseThrow().pid();
            RunReport.Shutdown shutdown = sandbox.shutdown().orElseThrow();

            assertEquals(List.of("REGISTERED", "INVOKE", "SHUTDOWN"), ExtensionScript.eventTypes(records, "stubborn"),
                    "it was sent SHUTDOWN, and ignored it");
            RunReport.ExtensionExit stubborn = exit(shutdown, "stubborn");
            assertFalse(stubborn.exitedBeforeDeadline());
            assertEquals(128 + 9, stubborn.exitCode(), "killed with SIGKILL");
            assertFalse(ProcessHandle.of(stubbornPid).map(ProcessHandle::isAlive).orElse(false));
            RunReport.ExtensionExit polite = exit(shutdown, "polite");
            assertTrue(polite.exitedBeforeDeadline());
            assertEquals(0, polite.exitCode());

            String json = JSON.writeValueAsString(sandbox.report());
            JsonNode exits = JSON.readTree(json).get("shutdowns").get(0).get("extensions");
            assertEquals(2, exits.size());
            assertTrue(json.contains("\"exitedBeforeDeadline\":false"), json);
        }
    }

    private static RunReport.ExtensionExit exit(RunReport.Shutdown shutdown, String name) {
        return shutdown.extensions().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
