package io.lambdascope.extension.layer;

import io.lambdascope.extension.config.Configuration;
import io.lambdascope.sandbox.sink.OtlpSink;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher starts the extension from a copy of the layer in a temporary folder, finding the
 * runtime and the app next to itself, and the extension registers under the launcher's file name.
 */
class LauncherIT {

    @TempDir
    Path work;

    private Path layer;
    private Process extension;

    @BeforeEach
    void copyLayer() throws IOException {
        layer = work.resolve("opt-elsewhere");
        Path tree = LayerPaths.tree();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path source : files.toList()) {
                Path target = layer.resolve(tree.relativize(source).toString());
                if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        // The launcher resolves its folder with pwd -P; compare against the same real path.
        layer = layer.toRealPath();
    }

    @AfterEach
    void stopExtension() throws InterruptedException {
        if (extension != null && extension.isAlive()) {
            extension.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void registersUnderItsFileNameRunningTheRuntimeBesideIt() throws Exception {
        runUntilShutdown(Map.of());
    }

    /**
     * Started as the sandbox starts it, in a session of its own: with the kernel grouping scheduling
     * by session, the launcher lowers its group's priority as well as its own.
     */
    @Test
    void yieldsTheCpuInASessionOfItsOwn() throws Exception {
        runUntilShutdown(Map.of(), true);
    }

    @Test
    void registersAndShutsDownWhenDisabled() throws Exception {
        runUntilShutdown(Map.of("LAMBDASCOPE_DISABLED", "true"));
    }

    /**
     * The AWS SDK's jars join the class path after app/, which the AOT cache was trained with: the
     * JVM must still use the cache, without a warning.
     */
    @Test
    void putsTheAwsSdkOnTheClassPathOnlyForASecretAndKeepsTheAotCache() throws Exception {
        runUntilShutdown(Map.of("LAMBDASCOPE_EXPORT_HEADERS_SECRET", "ssm:/otlp/headers"));
    }

    /** Function tags are read with the same signed calls; the launcher reads the boolean as the configuration does. */
    @Test
    void putsTheAwsSdkOnTheClassPathForTags() throws Exception {
        runUntilShutdown(Map.of("LAMBDASCOPE_TAGS", " TRUE "));
    }

    @Test
    void leavesTheAwsSdkOffTheClassPathWhenTagsAreOff() throws Exception {
        runUntilShutdown(Map.of("LAMBDASCOPE_TAGS", "false"));
    }

    /** Not a boolean, so the configuration ignores it: the launcher must not read it as true either. */
    @Test
    void leavesTheAwsSdkOffTheClassPathWhenTagsAreNotABoolean() throws Exception {
        runUntilShutdown(Map.of("LAMBDASCOPE_TAGS", "t rue"));
    }

    /**
     * What the extension runs in an environment's life, exporting to an endpoint as deployed, is in
     * the AOT cache: a class of its own that the training run did not load would be read from the
     * jar, and a string concatenation or lambda it did not link would be spun at run time, most of
     * them on the cold start's critical path. (The training answers register as Lambda does; when
     * it did not, the code that builds the function's ARN from the account was left out.)
     */
    @Test
    void runsItsOwnClassesFromTheAotCache() throws Exception {
        Assumptions.assumeTrue(LayerPaths.aotCacheExpected(), "the layer was built without an AOT cache");
        Path classes = work.resolve("classes.log");
        Path launcher = layer.resolve("extensions/lambdascope");
        LauncherOptions.add(launcher, "-Xlog:class+load=info:file=" + classes);

        // A backend that takes every export, as the training run's does, and a function's
        // OpenTelemetry SDK exporting to both receivers, as SDKs do by default in one language or
        // another.
        try (OtlpSink backend = OtlpSink.start()) {
            runUntilShutdown(Map.of("LAMBDASCOPE_EXPORT_ENDPOINT", backend.endpoint()), false, env -> {
                exportSpan(OtlpHttpSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + env.get("LAMBDASCOPE_OTLP_HTTP_PORT") + "/v1/traces").build());
                exportSpan(OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + env.get("LAMBDASCOPE_OTLP_GRPC_PORT")).build());
            });
        }

        // Spun string concatenations name no caller; the JDK's and Helidon's start spin none.
        List<String> lines = Files.readAllLines(classes);
        List<String> notCached = lines.stream()
                .filter(line -> !line.contains("source: shared objects file"))
                .filter(line -> line.contains("io.lambdascope.") || line.contains("$$StringConcat"))
                .toList();
        assertEquals(List.of(), notCached, "classes not from the AOT cache");
        // Nor does the gRPC receiver's first call read Helidon's HTTP/2 from the jar. (Which of
        // Helidon's buffer classes a request needs depends on how its bytes arrive: not checked.)
        List<String> http2FromTheJar = lines.stream()
                .filter(line -> line.contains(".http2.") && line.contains("source: file:"))
                .toList();
        assertEquals(List.of(), http2FromTheJar, "HTTP/2 classes read from the jar rather than the AOT cache");
    }

    /** One span through an SDK exporter, which must succeed. */
    private static void exportSpan(SpanExporter exporter) {
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            provider.get("launcher-test").spanBuilder("GET /orders").startSpan().end();
            assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), exporter + " failed");
        }
    }

    /**
     * A cache the JVM refuses (here, one that is no cache at all; on Lambda, say, a jar whose time
     * changed on the way) slows every cold start: the extension says so in its own words.
     */
    @Test
    void saysSoWhenTheJvmRefusesItsAotCache() throws Exception {
        Assumptions.assumeTrue(LayerPaths.aotCacheExpected(), "the layer was built without an AOT cache");
        Path cache = layer.resolve("lambdascope/lambdascope.aot");
        Files.write(cache, new byte[4096]);
        Path log = work.resolve("refused.log");
        ProcessBuilder builder = new ProcessBuilder(layer.resolve("extensions/lambdascope").toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("AWS_LAMBDA_RUNTIME_API");
        assertTrue(builder.start().waitFor(60, TimeUnit.SECONDS), () -> read(log));

        // Outside Lambda the extension logs its start, then that it has no Runtime API, and exits.
        String output = read(log);
        assertTrue(output.contains("AWS_LAMBDA_RUNTIME_API is not set"), output);
        assertTrue(output.contains("the layer's AOT cache " + cache + " was not used"), output);
    }

    /**
     * The heap grows with a buffer bound above the default's 8 MiB, and the launcher reads the
     * bound as the configuration does: each value's heap follows from the bound the configuration
     * parses out of it (a value it refuses leaves the default). Run with a runtime that prints its
     * arguments.
     */
    @Test
    void sizesTheHeapForTheBufferBoundTheConfigurationReads() throws Exception {
        Path java = layer.resolve("lambdascope/runtime/bin/java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        for (String value : Arrays.asList(null, "", "8m", "8388609", " 32 MiB ", "64m", "64 mb", "67108864", "67108865",
                "0040m", "010M", "9000k", "9000 KIB", "65m", "1g", "12.5m", "garbage", "m", "-16m", "99999999999999999999m", "64 m b")) {
            ProcessBuilder builder = new ProcessBuilder(layer.resolve("extensions/lambdascope").toString()).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("LAMBDASCOPE_"));
            env.remove("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
            if (value != null) {
                env.put("LAMBDASCOPE_BUFFER_MAX_BYTES", value);
            }
            Process launcher = builder.start();
            List<String> arguments = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertEquals(0, launcher.waitFor(), () -> value + ": " + arguments);

            long bound = Configuration.from(value == null ? Map.of() : Map.of("LAMBDASCOPE_BUFFER_MAX_BYTES", value)).flush().bufferMaxBytes();
            long heap = Math.max(96, 88 + (bound + (1 << 20) - 1) / (1 << 20));
            // The JVM takes the last.
            String xmx = arguments.stream().filter(argument -> argument.startsWith("-Xmx")).reduce((first, last) -> last).orElseThrow();
            assertEquals("-Xmx" + heap + "m", xmx, () -> "\"" + value + "\" is a bound of " + bound + " bytes: " + arguments);
        }
    }

    private void runUntilShutdown(Map<String, String> settings) throws Exception {
        runUntilShutdown(settings, false, env -> { });
    }

    private void runUntilShutdown(Map<String, String> settings, boolean ownSession) throws Exception {
        runUntilShutdown(settings, ownSession, env -> { });
    }

    /** Runs the extension until it has registered and asks for an event, does {@code meanwhile}, then shuts it down. */
    private void runUntilShutdown(Map<String, String> settings, boolean ownSession, Consumer<Map<String, String>> meanwhile)
            throws Exception {
        Path log = work.resolve("extension.log");
        String launcher = layer.resolve("extensions/lambdascope").toString();
        try (FakeExtensionsApi api = new FakeExtensionsApi()) {
            ProcessBuilder builder = new ProcessBuilder(ownSession ? List.of("setsid", launcher) : List.of(launcher))
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("LAMBDASCOPE_") || name.startsWith("OTEL_"));
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("AWS_LAMBDA_FUNCTION_NAME", "java-apigw-function");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            env.put("AWS_REGION", "eu-west-1");
            // Meant for the function's JVM: the launcher must keep it away from the extension's.
            env.put("JAVA_TOOL_OPTIONS", "-XX:+ThisOptionDoesNotExist");
            // Free ports rather than the defaults, so that nothing else on the machine is in the way.
            for (String port : List.of("LAMBDASCOPE_PROXY_PORT", "LAMBDASCOPE_TELEMETRY_PORT",
                    "LAMBDASCOPE_OTLP_HTTP_PORT", "LAMBDASCOPE_OTLP_GRPC_PORT")) {
                env.put(port, Integer.toString(freePort()));
            }
            env.putAll(settings);
            extension = builder.start();

            // Whichever comes first: the register request, or the launcher giving up.
            CompletableFuture.anyOf(api.registered(), extension.onExit()).get(60, TimeUnit.SECONDS);
            assertTrue(api.registered().isDone(), () -> "ended with " + extension.exitValue()
                    + " before registering:\n" + read(log));
            FakeExtensionsApi.Call register = api.registered().join();

            assertEquals("lambdascope", register.header("Lambda-Extension-Name"), () -> read(log));
            List<String> commandLine = List.of(extension.info().arguments().orElseThrow());
            assertEquals(layer.resolve("lambdascope/runtime/bin/java").toString(),
                    extension.info().command().orElseThrow(), "the launcher execs the layer's own runtime");
            assertTrue(commandLine.contains("-Dlambdascope.home=" + layer.resolve("lambdascope")), commandLine::toString);
            assertEquals(work.toRealPath(), Files.readSymbolicLink(Path.of("/proc", Long.toString(extension.pid()), "cwd")),
                    "the extension runs in the directory the launcher was started in");
            String classPath = layer.resolve("lambdascope/app") + "/*"
                    + (settings.containsKey("LAMBDASCOPE_EXPORT_HEADERS_SECRET")
                    || settings.getOrDefault("LAMBDASCOPE_TAGS", "").strip().equalsIgnoreCase("true")
                    ? ":" + layer.resolve("lambdascope/aws") + "/*" : "");
            assertEquals(List.of("-cp", classPath, "io.lambdascope.extension.Main", "lambdascope"),
                    commandLine.subList(commandLine.size() - 4, commandLine.size()));

            Path cache = layer.resolve("lambdascope/lambdascope.aot");
            if (Files.exists(cache)) {
                // Mapped at start and still mapped after registering: the JVM accepted the cache
                // trained elsewhere (it unmaps a cache it rejects).
                assertTrue(commandLine.contains("-XX:AOTCache=" + cache), commandLine::toString);
                assertTrue(Files.readString(Path.of("/proc", Long.toString(extension.pid()), "maps")).contains(cache.toString()),
                        "the JVM did not map the AOT cache " + cache);
            }

            // The function comes first: the extension runs 10 nice levels below whoever started it.
            assertEquals(Math.min(19, niceness(ProcessHandle.current().pid()) + 10), niceness(extension.pid()),
                    "the extension's nice value");
            Path group = Path.of("/proc", Long.toString(extension.pid()), "autogroup");
            if (ownSession && autogroupsOn() && Files.isReadable(group)) {
                assertTrue(Files.readString(group).strip().endsWith("nice 10"), () -> "autogroup: " + read(group));
            }

            // Every thread is woken at each freeze and thaw: the JVM's optional ones are off.
            Set<String> threads = threadNames(extension.pid());
            for (String off : List.of("Finalizer", "Signal Dispatch", "Attach Listener")) {
                assertFalse(threads.contains(off), () -> off + " runs: " + threads);
            }

            api.waiting().get(60, TimeUnit.SECONDS);
            meanwhile.accept(env);
            api.shutDown();

            assertTrue(extension.waitFor(30, TimeUnit.SECONDS), () -> "still running after SHUTDOWN:\n" + read(log));
            assertEquals(0, extension.exitValue(), () -> read(log) + "\ncalls: " + api.calls());
            // The JVM echoes each -XX:CompileCommand unless told to be quiet: not into the function's log.
            assertFalse(read(log).contains("CompileCommand"), () -> read(log));
            // The JVM warns when the AOT cache does not fit its options; the launcher and the
            // training run must agree, or every cold start pays for the mismatch.
            assertTrue(!read(log).contains("[warning][aot"), () -> read(log));
            assertFalse(read(log).contains("the layer's AOT cache"), () -> read(log));
        }
    }

    /** The nice value of a process: the 19th field of /proc/PID/stat, the 17th after its "(name)". */
    private static int niceness(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    private static boolean autogroupsOn() {
        return read(Path.of("/proc/sys/kernel/sched_autogroup_enabled")).strip().equals("1");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The names of a process's threads, as the kernel shows them (15 characters at most). */
    private static Set<String> threadNames(long pid) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (NoSuchFileException e) {
                    // The thread ended while the list was read.
                }
            }
        }
        return names;
    }
}
