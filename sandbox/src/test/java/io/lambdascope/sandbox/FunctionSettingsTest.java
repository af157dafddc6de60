package io.lambdascope.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lambdascope.sandbox.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The function's settings, the environment its processes get, and what the builder makes of them. */
class FunctionSettingsTest {

    @TempDir
    Path dir;

    private FunctionSettings settings(Map<String, String> environment, int memoryMb, Duration timeout) {
        return new FunctionSettings(List.of(), dir, List.of("bootstrap"), false, "example.Orders::handleRequest", environment,
                "orders", "eu-west-1", "210987654321", memoryMb, timeout, Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @Test
    void theArnIsLambdasForTheFunction() {
        assertEquals("arn:aws:lambda:eu-west-1:210987654321:function:orders",
                settings(Map.of(), 512, Duration.ofSeconds(3)).functionArn());
    }

    @Test
    void failsWhenMemoryIsOutsideLambdasRange() {
        settings(Map.of(), 128, Duration.ofSeconds(1));
        settings(Map.of(), 10_240, Duration.ofSeconds(1));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of(), 127, Duration.ofSeconds(1)));
        assertTrue(small.getMessage().contains("127"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of(), 10_241, Duration.ofSeconds(1)));
    }

    @Test
    void failsWhenTheTimeoutIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of(), 512, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> settings(Map.of(), 512, Duration.ofSeconds(-1)));
    }

    @Test
    void keepsCopiesOfWhatItWasGiven() {
        Map<String, String> environment = new HashMap<>(Map.of("A", "1"));
        FunctionSettings settings = settings(environment, 512, Duration.ofSeconds(1));
        environment.put("B", "2");
        assertEquals(Map.of("A", "1"), settings.environment());
        assertThrows(UnsupportedOperationException.class, () -> settings.bootstrap().add("x"));
    }

    @Test
    void processesGetLambdasVariablesBuiltFromScratch() {
        Path opt = dir.resolve("opt");
        Map<String, String> env = ProcessEnvironment.of(settings(Map.of(), 1024, Duration.ofSeconds(3)), opt, "127.0.0.1:9001");
        assertEquals("orders", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertEquals("$LATEST", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        assertEquals("1024", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals("eu-west-1", env.get("AWS_DEFAULT_REGION"));
        assertEquals("example.Orders::handleRequest", env.get("_HANDLER"));
        assertEquals(dir.toString(), env.get("LAMBDA_TASK_ROOT"));
        assertEquals("127.0.0.1:9001", env.get("AWS_LAMBDA_RUNTIME_API"));
        assertEquals("/aws/lambda/orders", env.get("AWS_LAMBDA_LOG_GROUP_NAME"));
        assertTrue(env.get("AWS_LAMBDA_LOG_STREAM_NAME").matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"),
                env.get("AWS_LAMBDA_LOG_STREAM_NAME"));
        assertEquals("on-demand", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        assertEquals(":UTC", env.get("TZ"));
        assertEquals(System.getProperty("java.home"), env.get("JAVA_HOME"));
        assertFalse(env.containsKey("HOME"), "nothing of the developer's shell but PATH");
        assertFalse(env.containsKey("AWS_LAMBDA_EXEC_WRAPPER"));
    }

    @Test
    void theFunctionsVariablesWinAndOptPathsPointIntoTheSandboxsOpt() {
        Path opt = dir.resolve("opt");
        Map<String, String> env = ProcessEnvironment.of(settings(Map.of(
                "TZ", "Europe/Paris",
                "AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper",
                "LAYER_ROOT", "/opt",
                "NOT_OPT", "/optional/x",
                "RELATIVE", "lib/opt/x"), 512, Duration.ofSeconds(3)), opt, "127.0.0.1:9001");
        assertEquals("Europe/Paris", env.get("TZ"));
        assertEquals(opt + "/lambdascope-wrapper", env.get("AWS_LAMBDA_EXEC_WRAPPER"));
        assertEquals(opt.toString(), env.get("LAYER_ROOT"));
        assertEquals("/optional/x", env.get("NOT_OPT"));
        assertEquals("lib/opt/x", env.get("RELATIVE"));
    }

    @Test
    void failsToBuildWithoutAFunctionFolderOrHandler() {
        assertThrows(IllegalStateException.class, () -> Sandbox.builder().handler("a.B::handle").build());
        assertThrows(IllegalStateException.class, () -> Sandbox.builder().functionDir(dir).build());
    }

    @Test
    void buildsWithLambdasDefaultsAndRunsBootstrapFromTheFunctionFolder() throws IOException {
        try (Sandbox sandbox = Sandbox.builder().functionDir(dir).handler("a.B::handle").build()) {
            FunctionSettings function = sandbox.function();
            assertEquals(List.of(dir.toAbsolutePath().resolve("bootstrap").toString()), function.bootstrap());
            assertEquals(512, function.memoryMb());
            assertEquals(Duration.ofSeconds(3), function.timeout());
            assertEquals(Duration.ofSeconds(10), function.initTimeout());
            assertEquals(Duration.ofSeconds(2), function.shutdownTimeout());
            assertEquals("sandbox-function", function.functionName());
            assertEquals("us-east-1", function.region());
            assertFalse(function.environment().containsKey("LAMBDASCOPE_EXPORT_ENDPOINT"));
            assertTrue(sandbox.sink().isEmpty());
        }
    }

    @Test
    void aSinkSetsTheExportEndpointUnlessTheFunctionSetsOne() throws IOException {
        try (Sandbox sandbox = Sandbox.builder().functionDir(dir).handler("a.B::handle").otlpSink(true).build()) {
            assertEquals(sandbox.sink().orElseThrow().endpoint(), sandbox.function().environment().get("LAMBDASCOPE_EXPORT_ENDPOINT"));
        }
        try (Sandbox sandbox = Sandbox.builder().functionDir(dir).handler("a.B::handle").otlpSink(true)
                .env("LAMBDASCOPE_EXPORT_ENDPOINT", "http://collector:4318").build()) {
            assertEquals("http://collector:4318", sandbox.function().environment().get("LAMBDASCOPE_EXPORT_ENDPOINT"));
        }
    }

    @Test
    void beforeAnyInvocationThereIsNothingToShutDownAndOptIsRemovedAtClose() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("layer/lib"));
        Files.writeString(layer.resolve("data.txt"), "from the layer");
        Path opt;
        try (Sandbox sandbox = Sandbox.builder().functionDir(dir).handler("a.B::handle").layer(dir.resolve("layer")).build()) {
            opt = sandbox.opt();
            assertEquals("from the layer", Files.readString(opt.resolve("lib/data.txt")));
            assertEquals(Optional.empty(), sandbox.shutdown());
            assertTrue(sandbox.processes().isEmpty());
            assertTrue(sandbox.extensions().isEmpty());
            RunReport report = sandbox.report();
            assertEquals(List.of(), new ArrayList<>(report.inits()));
            assertEquals(List.of(), new ArrayList<>(report.invocations()));
        }
        assertFalse(Files.exists(opt));
    }
}
