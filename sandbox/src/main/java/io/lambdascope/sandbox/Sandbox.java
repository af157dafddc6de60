package io.lambdascope.sandbox;

import io.lambdascope.sandbox.extensions.ExtensionsApi;
import io.lambdascope.sandbox.extensions.RegisteredExtension;
import io.lambdascope.sandbox.http.HttpServer;
import io.lambdascope.sandbox.layer.Layers;
import io.lambdascope.sandbox.process.SandboxProcess;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.runtime.Invocation;
import io.lambdascope.sandbox.sink.OtlpSink;
import io.lambdascope.sandbox.telemetry.TelemetryApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A local AWS Lambda execution environment: start with {@link #builder()}, then {@link #invoke}
 * as often as needed and {@link #shutdown()} at the end. Init happens on the first invocation, or
 * explicitly with {@link #init()}; a timeout or a crashed runtime resets the environment, and the
 * next invocation starts a new one, as on Lambda.
 */
public final class Sandbox implements AutoCloseable {

    private final FunctionSettings function;
    private final InstantSource clock = InstantSource.system();
    private final Instant runStart = clock.instant();
    private final Path opt;
    private final Optional<OtlpSink> sink;
    private final HttpServer server;
    private final BiConsumer<String, String> output;
    private final boolean freezing;
    private final List<RunReport.Init> inits = new ArrayList<>();
    private final List<RunReport.Invocation> invocations = new ArrayList<>();
    private final List<RunReport.Shutdown> shutdowns = new ArrayList<>();
    private final List<ExecutionEnvironment> environments = new ArrayList<>();
    private volatile ExecutionEnvironment current;

    private Sandbox(FunctionSettings settings, boolean withSink, BiConsumer<String, String> output, boolean freezing)
            throws IOException {
        this.opt = Files.createTempDirectory("lambdascope-sandbox-opt");
        Layers.unpack(settings.layers(), opt);
        this.sink = withSink ? Optional.of(OtlpSink.start()) : Optional.empty();
        Map<String, String> environment = new HashMap<>(settings.environment());
        sink.ifPresent(s -> environment.putIfAbsent("LAMBDASCOPE_EXPORT_ENDPOINT", s.endpoint()));
        this.function = new FunctionSettings(settings.layers(), settings.functionDir(), settings.bootstrap(),
                settings.customRuntime(), settings.handler(), environment, settings.functionName(), settings.region(), settings.accountId(),
                settings.memoryMb(), settings.timeout(), settings.initTimeout(), settings.shutdownTimeout());
        this.output = output;
        this.freezing = freezing;
        this.server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            ExecutionEnvironment environmentNow = current;
            if (environmentNow == null) {
                exchange.respond(503, "text/plain", "no execution environment is running".getBytes());
            } else {
                environmentNow.handle(exchange);
            }
        });
        warmUp();
    }

    /**
     * Takes this JVM's own start-up out of what the sandbox measures. Lambda's control plane is
     * always running, and delivers telemetry from outside the environment's CPU; the sandbox's is
     * as cold as the extension it starts. Without this pass, the first register of a run seeds
     * SecureRandom for the identifier and loads the JSON code that reads and answers it, time
     * counted as the extension's registration; and the first telemetry deliveries load the JDK's
     * HTTP client while the function initialises beside them. Both counted against the init
     * duration a layer adds. The delivery goes to this sandbox's own server, which answers 503 as
     * no environment is up yet. The sink, when there is one, decodes a request of each signal.
     */
    private void warmUp() throws IOException {
        UUID.randomUUID();
        ExtensionsApi.warmUp();
        try {
            TelemetryApi.warmUp(URI.create("http://127.0.0.1:" + server.port() + "/"));
            if (sink.isPresent()) {
                OtlpSink.warmUp();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A builder for a sandbox running the function in {@code functionDir}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs init unless an environment is already up; returns that init's record. */
    public synchronized RunReport.Init init() throws InterruptedException {
        if (current != null && !current.ended()) {
            return inits.getLast();
        }
        current = new ExecutionEnvironment(function, opt, "127.0.0.1:" + server.port(), clock, runStart, output, freezing);
        environments.add(current);
        RunReport.Init init = current.init();
        inits.add(init);
        if (!init.status().equals("success")) {
            shutdowns.add(current.shutdown("failure"));
        }
        return init;
    }

    /** Invokes the function with {@code event}, with a new request id and X-Ray trace header. */
    public InvocationResult invoke(byte[] event) throws InterruptedException {
        return invoke(event, Optional.empty());
    }

    /** Invokes the function with a JSON {@code event}. */
    public InvocationResult invoke(String event) throws InterruptedException {
        return invoke(event.getBytes(StandardCharsets.UTF_8));
    }

    /** Invokes the function, passing {@code clientContext} as Lambda-Runtime-Client-Context. */
    public synchronized InvocationResult invoke(byte[] event, Optional<String> clientContext)
            throws InterruptedException {
        RunReport.Init init = init();
        String requestId = UUID.randomUUID().toString();
        Instant start = clock.instant();
        if (!init.status().equals("success")) {
            InvocationResult failed = new InvocationResult(requestId, "failure", Optional.of(init.errorType()),
                    ("{\"errorType\":\"" + init.errorType() + "\",\"errorMessage\":\"init failed\"}").getBytes(),
                    Duration.ZERO, Duration.ZERO, 0, 0);
            record(failed, 0);
            return failed;
        }
        Invocation.Request request = new Invocation.Request(requestId, event,
                start.plus(function.timeout()).toEpochMilli(), function.functionArn(), traceHeader(start),
                clientContext, Optional.empty());
        ExecutionEnvironment.InvocationOutcome outcome = current.invoke(request, start);
        InvocationResult result = new InvocationResult(requestId, outcome.status(), outcome.errorType(),
                outcome.body(), outcome.duration(), outcome.postRuntime(), outcome.billedDurationMs(),
                outcome.maxMemoryUsedMb());
        record(result, current.extensionCpuMillis());
        if (outcome.status().equals("timeout") || outcome.status().equals("failure")) {
            shutdowns.add(current.shutdown(outcome.status()));
        }
        return result;
    }

    /** Ends the environment with SHUTDOWN reason {@code spindown}; returns its record. */
    public synchronized Optional<RunReport.Shutdown> shutdown() throws InterruptedException {
        if (current == null || current.ended()) {
            return Optional.empty();
        }
        RunReport.Shutdown shutdown = current.shutdown("spindown");
        shutdowns.add(shutdown);
        return Optional.of(shutdown);
    }

    /** The run so far, as the JSON report shows it. */
    public synchronized RunReport report() {
        return new RunReport(function.functionName(), function.memoryMb(), inits, invocations, shutdowns,
                extensionReports(), environments.stream().flatMap(e -> e.telemetryApi.report().stream()).toList(),
                sink.map(OtlpSink::counts).orElse(null));
    }

    /** The OTLP sink, when the sandbox runs one. */
    public Optional<OtlpSink> sink() {
        return sink;
    }

    /** The folder standing for /opt. */
    public Path opt() {
        return opt;
    }

    /** The current environment's processes (extensions, then the runtime). */
    public List<SandboxProcess> processes() {
        ExecutionEnvironment environment = current;
        return environment == null ? List.of() : environment.processes();
    }

    /** The extensions registered in the current environment. */
    public List<RegisteredExtension> extensions() {
        ExecutionEnvironment environment = current;
        return environment == null ? List.of() : environment.extensionsApi.registered();
    }

    /**
     * Loses the next {@code lines} lines the function writes, as Lambda does with logs it cannot
     * buffer: the extensions never receive them and are told in {@code platform.logsDropped}.
     * Applies to the current environment; start it first with {@link #init()}.
     */
    public void loseFunctionLines(int lines) {
        ExecutionEnvironment environment = current;
        if (environment == null) {
            throw new IllegalStateException("no execution environment is running; call init() first");
        }
        environment.telemetryApi.loseFunctionLines(lines);
    }

    /** The settings the function runs with, the sink's endpoint included. */
    public FunctionSettings function() {
        return function;
    }

    /** Shuts down if needed, kills what is left, stops the APIs and the sink, deletes /opt. */
    @Override
    public synchronized void close() {
        try {
            shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            environments.forEach(ExecutionEnvironment::kill);
            server.close();
            sink.ifPresent(OtlpSink::close);
            deleteTree(opt);
        }
    }

    private void record(InvocationResult result, double extensionCpuMs) {
        invocations.add(new RunReport.Invocation(result.requestId(), result.status(), result.errorType().orElse(null),
                result.duration().toNanos() / 1e6, result.postRuntime().toNanos() / 1e6, result.billedDurationMs(),
                result.maxMemoryUsedMb(), extensionCpuMs));
    }

    private List<RunReport.Extension> extensionReports() {
        Map<String, RunReport.Extension> byName = new LinkedHashMap<>();
        for (ExecutionEnvironment environment : environments) {
            for (RegisteredExtension extension : environment.extensionsApi.registered()) {
                List<String> received = extension.received();
                RunReport.Extension before = byName.get(extension.name());
                long invokes = received.stream().filter("INVOKE"::equals).count();
                long shutdownCount = received.stream().filter("SHUTDOWN"::equals).count();
                byName.put(extension.name(), new RunReport.Extension(extension.name(), extension.events(),
                        invokes + (before == null ? 0 : before.invokes()),
                        shutdownCount + (before == null ? 0 : before.shutdowns()),
                        extension.initError().orElse(before == null ? null : before.initError()),
                        extension.exitError().orElse(before == null ? null : before.exitError())));
            }
        }
        return List.copyOf(byName.values());
    }

    // X-Ray's format: Root=1-<epoch seconds, 8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1
    private static String traceHeader(Instant now) {
        HexFormat hex = HexFormat.of();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String root = "1-" + String.format("%08x", now.getEpochSecond()) + "-"
                + hex.toHexDigits(random.nextInt()) + hex.toHexDigits(random.nextLong());
        return "Root=" + root + ";Parent=" + hex.toHexDigits(random.nextLong()) + ";Sampled=1";
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder; nothing depends on its removal
        }
    }

    /** Builds a {@link Sandbox}; only the function folder and handler are required. */
    public static final class Builder {
        private final List<Path> layers = new ArrayList<>();
        private Path functionDir;
        private List<String> bootstrap;
        private boolean customRuntime;
        private String handler;
        private final Map<String, String> environment = new HashMap<>();
        private String functionName = "sandbox-function";
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private int memoryMb = 512;
        private Duration timeout = Duration.ofSeconds(3);
        private Duration initTimeout = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(2);
        private boolean sink;
        private boolean freezing = true;
        private BiConsumer<String, String> output = (process, line) -> { };

        private Builder() {
        }

        /** Adds a layer, a zip or a folder; later layers overwrite earlier ones' files. */
        public Builder layer(Path layer) {
            layers.add(layer);
            return this;
        }

        /** The function's code: LAMBDA_TASK_ROOT, and where {@code bootstrap} is looked for. */
        public Builder functionDir(Path dir) {
            this.functionDir = dir.toAbsolutePath();
            return this;
        }

        /**
         * An OS-only ({@code provided.*}) runtime: as on Lambda, {@code AWS_LAMBDA_EXEC_WRAPPER}
         * is not applied to its bootstrap.
         */
        public Builder customRuntime(boolean custom) {
            this.customRuntime = custom;
            return this;
        }

        /** The runtime's command; by default {@code <functionDir>/bootstrap}. */
        public Builder bootstrap(List<String> command) {
            this.bootstrap = List.copyOf(command);
            return this;
        }

        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        /** Sets a function environment variable; it wins over the sandbox's own values. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder functionName(String name) {
            this.functionName = name;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Memory size in MB; Lambda's range, 128 to 10240. Default 512. */
        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /** The function timeout. Default 3 s, as Lambda's. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The most init may take. Default 10 s, as Lambda's. */
        public Builder initTimeout(Duration timeout) {
            this.initTimeout = timeout;
            return this;
        }

        /** How long extensions have after SHUTDOWN. Default 2 s, as Lambda's with external extensions. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        /** Runs an embedded OTLP sink and points LAMBDASCOPE_EXPORT_ENDPOINT at it, unless set. */
        public Builder otlpSink(boolean enabled) {
            this.sink = enabled;
            return this;
        }

        /**
         * Whether every process is stopped between invocations, as Lambda freezes an environment
         * (the default). Without it they keep running: a debugger or profiler can attach, and a
         * process's CPU time leaves out what being stopped and woken costs it.
         */
        public Builder freezeBetweenInvocations(boolean freezing) {
            this.freezing = freezing;
            return this;
        }

        /** Receives every output line of every process: (process name, line). */
        public Builder output(BiConsumer<String, String> output) {
            this.output = output;
            return this;
        }

        /** Unpacks the layers and starts the APIs; the function starts at the first invocation. */
        public Sandbox build() throws IOException {
            if (functionDir == null || handler == null) {
                throw new IllegalStateException("a sandbox needs a function folder and a handler");
            }
            List<String> command = bootstrap != null ? bootstrap : List.of(functionDir.resolve("bootstrap").toString());
            return new Sandbox(new FunctionSettings(layers, functionDir, command, customRuntime, handler, environment, functionName,
                    region, accountId, memoryMb, timeout, initTimeout, shutdownTimeout), sink, output, freezing);
        }
    }
}
