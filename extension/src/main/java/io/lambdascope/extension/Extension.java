package io.lambdascope.extension;

import io.lambdascope.extension.config.Configuration;
import io.lambdascope.extension.config.ConfigurationProblem;
import io.lambdascope.extension.lifecycle.ExtensionsApi;
import io.lambdascope.extension.lifecycle.ExtensionsApiException;
import io.lambdascope.extension.lifecycle.LifecycleEvent;
import io.lambdascope.extension.lifecycle.Registration;
import io.lambdascope.extension.pipeline.Pipeline;
import io.lambdascope.extension.proxy.RuntimeApiProxy;
import io.lambdascope.extension.proxy.Upstream;
import io.lambdascope.extension.receive.OtlpGrpcReceiver;
import io.lambdascope.extension.receive.OtlpHttpReceiver;
import io.lambdascope.extension.pipeline.Pipelines;
import io.lambdascope.extension.telemetry.SandboxHost;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.lambdascope.extension.telemetry.TelemetryListener;
import io.lambdascope.extension.telemetry.TelemetrySink;
import io.lambdascope.extension.telemetry.TelemetrySubscription;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One run of the extension, from register to SHUTDOWN. {@link #run(Map, String)} returns the exit
 * code instead of exiting, so that tests run the whole lifecycle in-process.
 */
public final class Extension {

    /**
     * Created on first use, after register: the first logger makes the JDK look for a logging
     * backend in every jar on the class path, which would otherwise hold up registration.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Extension.class.getName());
    }
    /** How long before the SHUTDOWN deadline the process ends if it has not exited by then. */
    private static final long EXIT_MARGIN_MS = 100;

    private final Map<String, String> environment;
    private final String name;
    private final Path hosts;
    private final boolean anyFreePort;
    private final PrintStream stdout;
    private final TelemetrySink tap;

    /**
     * @param stdout where telemetry goes as OTLP JSON lines when no export endpoint is set
     * @param tap sees every Telemetry API batch after the pipeline, for tests; does nothing in Lambda
     */
    Extension(Map<String, String> environment, String name, Path hosts, boolean anyFreePort, PrintStream stdout,
              TelemetrySink tap) {
        this.environment = Map.copyOf(environment);
        this.name = name;
        this.hosts = hosts;
        this.anyFreePort = anyFreePort;
        this.stdout = stdout;
        this.tap = tap;
    }

    /**
     * Runs the extension until Lambda sends SHUTDOWN or something fails.
     *
     * @param environment the process environment
     * @param name the name to register under: the file name of the executable Lambda started
     * @return the exit code: 0 after SHUTDOWN, 1 after a failure (already reported to Lambda when
     *         it was registered)
     */
    public static int run(Map<String, String> environment, String name) {
        return new Extension(environment, name, SandboxHost.HOSTS, false, System.out, batch -> { }).run();
    }

    int run() {
        Configuration config = Configuration.from(environment);
        Optional<String> runtimeApi = Optional.ofNullable(environment.get("AWS_LAMBDA_RUNTIME_API")).filter(s -> !s.isBlank());
        if (runtimeApi.isEmpty()) {
            startLogging(config);
            Log.LOG.log(ERROR, "AWS_LAMBDA_RUNTIME_API is not set: this process must be started by Lambda or a sandbox");
            return 1;
        }
        // Lambda starts the function's runtime only once every extension has registered, so only
        // what registering needs comes first: the proxy's socket (the wrapper routes the runtime to
        // the proxy only if something listens there) and the register call. Even logging waits.
        Optional<RuntimeApiProxy> proxy = Optional.empty();
        Optional<IOException> proxyFailure = Optional.empty();
        if (!config.general().disabled() && config.capture().enabled()) {
            try {
                proxy = Optional.of(RuntimeApiProxy.bind(anyFreePort ? 0 : config.capture().proxyPort()));
            } catch (IOException e) {
                proxyFailure = Optional.of(e);
            }
        }
        ExtensionsApi api;
        Registration registration;
        try {
            api = ExtensionsApi.at(runtimeApi.get());
            registration = api.register(name);
        } catch (IllegalArgumentException e) {
            startLogging(config);
            Log.LOG.log(ERROR, e.getMessage());
            return 1;
        } catch (ExtensionsApiException e) {
            startLogging(config);
            Log.LOG.log(ERROR, "register failed: " + e.getMessage(), e);
            return 1;
        }
        if (!config.general().disabled() && config.receiver().enabled()) {
            ReceiverServer.prepareInBackground();
        }
        startLogging(config);
        // A proxy that cannot listen leaves the runtime talking to Lambda directly, which the
        // wrapper sees: nothing listens there.
        proxyFailure.ifPresent(e -> Log.LOG.log(WARNING, "the Runtime API proxy cannot listen on 127.0.0.1:{0,number,#} ({1}): "
                + "events and responses are not captured", config.capture().proxyPort(), e.getMessage()));
        if (config.general().disabled()) {
            return idle(api);
        }
        if (config.export().endpoint().isEmpty()) {
            Log.LOG.log(WARNING, "LAMBDASCOPE_EXPORT_ENDPOINT is not set: telemetry is written to this log as OTLP JSON lines");
        }
        if (config.export().insecureSkipVerify()) {
            Log.LOG.log(WARNING, "LAMBDASCOPE_INSECURE_SKIP_VERIFY is true: the export endpoint's TLS certificate is NOT verified");
        }

        Pipeline pipeline = Pipelines.create(config, environment, registration, name, version(), stdout);
        // Accepting at once: the runtime's first request waits in the backlog until then.
        proxy.ifPresent(p -> p.start(Upstream.of(p.port(), runtimeApi.get()), pipeline.capture()));
        Optional<ReceiverServer> receivers;
        try {
            receivers = receive(config, pipeline);
        } catch (RuntimeException e) {
            return failInit(api, e);
        }
        TelemetrySink sink = pipeline.telemetry();
        TelemetrySink tapped = new TelemetrySink() {
            @Override
            public void accept(List<TelemetryEvent> batch) {
                sink.accept(batch);
                tap.accept(batch);
            }

            @Override
            public void refused(String reason, long count) {
                sink.refused(reason, count);
            }
        };
        TelemetryListener telemetry;
        try {
            telemetry = listen(config, api, tapped);
        } catch (RuntimeException | IOException e) {
            receivers.ifPresent(ReceiverServer::close);
            return failInit(api, e);
        }
        // Numbers as text: a number format in the pattern loads DecimalFormat, which spins a class at run time.
        Log.LOG.log(INFO, "ready for {0} {1} on telemetry port {2}{3}",
                registration.functionName(), registration.functionVersion(), Integer.toString(telemetry.port()),
                receivers.map(server -> ", OTLP receivers on 127.0.0.1:%d (HTTP) and 127.0.0.1:%d (gRPC)"
                        .formatted(server.otlpHttpPort(), server.otlpGrpcPort())).orElse(""));
        int exit = loop(api, receivers, telemetry, pipeline);
        // The wrapper's note of where the proxy forwards to belongs to this environment: Lambda
        // discards /tmp with it, but a sandbox on a developer's machine shares the machine's /tmp.
        proxy.ifPresent(p -> forget(Upstream.file(p.port())));
        return exit;
    }

    private static void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.LOG.log(DEBUG, "could not delete " + file + ": " + e.getMessage());
        }
    }

    /** Starts the OTLP receivers, when they are on. */
    private Optional<ReceiverServer> receive(Configuration config, Pipeline pipeline) {
        if (!config.receiver().enabled()) {
            return Optional.empty();
        }
        return Optional.of(ReceiverServer.start(new ReceiverServer.Receiver(
                new OtlpHttpReceiver(pipeline.received()), anyFreePort ? 0 : config.receiver().httpPort(),
                new OtlpGrpcReceiver(pipeline.received()), anyFreePort ? 0 : config.receiver().grpcPort())));
    }

    /** Starts the Telemetry API listener and subscribes it. */
    private TelemetryListener listen(Configuration config, ExtensionsApi api, TelemetrySink sink) throws IOException {
        SandboxHost host = SandboxHost.from(hosts);
        TelemetryListener telemetry = TelemetryListener.start(host.address(), anyFreePort ? 0 : config.telemetry().port(), sink);
        try {
            TelemetrySubscription.of(config.telemetry().types(), config.flush().strategy(), host.destination(telemetry.port()))
                    .subscribe(api.client(), api.extensionId().orElseThrow());
            return telemetry;
        } catch (IOException | RuntimeException e) {
            telemetry.close();
            throw e;
        }
    }

    private int loop(ExtensionsApi api, Optional<ReceiverServer> receivers, TelemetryListener telemetry, Pipeline pipeline) {
        while (true) {
            LifecycleEvent event;
            try {
                event = api.next();
            } catch (ExtensionsApiException e) {
                Log.LOG.log(ERROR, "event/next failed: " + e.getMessage(), e);
                report(() -> api.exitError("Extension.EventFailure", e.getMessage()));
                receivers.ifPresent(ReceiverServer::close);
                telemetry.close();
                return 1;
            }
            // Not a switch on type: that spins a class at run time, at the first invocation.
            if (event instanceof LifecycleEvent.Invoke invoke) {
                pipeline.invoke(invoke);
            } else if (event instanceof LifecycleEvent.Shutdown shutdown) {
                exitByTheDeadline(shutdown.deadlineMs());
                // The listener stays open until the last invocation's telemetry is in; what it
                // accepted is handed over before the final flush.
                pipeline.shutdown(shutdown, () -> telemetry.close(Math.max(0, shutdown.deadlineMs() - System.currentTimeMillis() - 500)));
                receivers.ifPresent(ReceiverServer::close);
                Log.LOG.log(INFO, "shut down ({0})", shutdown.reason());
                return 0;
            }
        }
    }

    /**
     * Ends the process just before the SHUTDOWN deadline if it is still running then: Lambda kills
     * an extension that outlives it and reports the environment's shutdown as failed. The final
     * flush keeps within the deadline on its own; this covers whatever else could hold the exit
     * up (a server that is slow to stop on a starved machine).
     */
    private static void exitByTheDeadline(long deadlineMs) {
        Thread.ofPlatform().daemon().name("lambdascope-exit").start(() -> {
            try {
                Thread.sleep(Math.max(0, deadlineMs - System.currentTimeMillis() - EXIT_MARGIN_MS));
            } catch (InterruptedException e) {
                return;
            }
            Log.LOG.log(WARNING, "shutdown did not finish before the deadline; exiting now");
            Runtime.getRuntime().halt(0);
        });
    }

    private void startLogging(Configuration config) {
        ExtensionLogging.configure(config.general().logLevel());
        Log.LOG.log(INFO, "Lambdascope {0} starting as {1}", version(), name);
        config.problems().stream().map(ConfigurationProblem::message).forEach(message -> Log.LOG.log(WARNING, message));
        Optional<Path> unused = unusedAotCache(System.getProperty("lambdascope.home"), System.getProperty("java.vm.info"));
        if (unused.isPresent()) {
            Log.LOG.log(WARNING, "the layer''s AOT cache {0} was not used, so this start took about twice as long; "
                    + "the JVM''s [aot] lines say why (a changed runtime, JVM option or jar: a copy of the layer "
                    + "must keep the files'' times)", unused.get());
        }
    }

    /**
     * The layer's AOT cache, when the JVM did not map it. The JVM then starts without it, about
     * twice as slowly, and says why only in its own {@code [aot]} lines, easy to miss among a
     * function's. A JVM that mapped an archive says "sharing" in {@code java.vm.info}, and the
     * layer has no other archive beside its cache.
     */
    static Optional<Path> unusedAotCache(String home, String vmInfo) {
        if (home == null || vmInfo != null && vmInfo.contains("sharing")) {
            return Optional.empty();
        }
        Path cache = Path.of(home, "lambdascope.aot");
        return Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
    }

    /**
     * With LAMBDASCOPE_DISABLED the extension registers and then only waits for events. Not
     * registering at all would also be valid, but an extension executable that exits during init
     * is a crash to Lambda; a blocked long poll is the cheapest correct behaviour: no server, no
     * subscription, no work per invocation, and a frozen process while the function is idle.
     */
    private int idle(ExtensionsApi api) {
        Log.LOG.log(INFO, "LAMBDASCOPE_DISABLED is set: registered, doing nothing");
        try {
            while (!(api.next() instanceof LifecycleEvent.Shutdown)) {
                // Each INVOKE only needs the next call.
            }
            return 0;
        } catch (ExtensionsApiException e) {
            Log.LOG.log(ERROR, "event/next failed: " + e.getMessage(), e);
            return 1;
        }
    }

    private int failInit(ExtensionsApi api, Exception e) {
        Log.LOG.log(ERROR, "start failed: " + e.getMessage(), e);
        report(() -> api.initError("Extension.StartFailure", String.valueOf(e.getMessage())));
        return 1;
    }

    private static void report(Runnable call) {
        try {
            call.run();
        } catch (ExtensionsApiException e) {
            Log.LOG.log(ERROR, "the error could not be reported to Lambda: " + e.getMessage());
        }
    }

    /** The layer's VERSION file, next to the extension's other files; "dev" outside a layer. */
    static String version() {
        return Optional.ofNullable(System.getProperty("lambdascope.home"))
                .map(home -> Path.of(home, "VERSION"))
                .filter(Files::isRegularFile)
                .flatMap(file -> {
                    try {
                        return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()).filter(v -> !v.isEmpty());
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                })
                .orElse("dev");
    }
}
