package io.lambdascope.sandbox;

import io.lambdascope.sandbox.extensions.ExtensionsApi;
import io.lambdascope.sandbox.extensions.RegisteredExtension;
import io.lambdascope.sandbox.http.HttpExchange;
import io.lambdascope.sandbox.process.SandboxProcess;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.runtime.Invocation;
import io.lambdascope.sandbox.runtime.RuntimeApi;
import io.lambdascope.sandbox.telemetry.LogFormat;
import io.lambdascope.sandbox.telemetry.PlatformEvents;
import io.lambdascope.sandbox.telemetry.TelemetryApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * One execution environment, from init to shutdown: its processes and the three Lambda APIs they
 * talk to. A timeout or a crashed runtime ends it; the sandbox then starts a new one, as Lambda
 * resets an environment.
 */
final class ExecutionEnvironment {

    /** Lambda gives the runtime this long to end after SIGTERM at shutdown. */
    private static final Duration RUNTIME_STOP = Duration.ofMillis(500);
    /** Most time given to reading what the runtime wrote before it answered. */
    private static final Duration OUTPUT_SETTLE = Duration.ofMillis(50);

    private final FunctionSettings function;
    private final Path opt;
    private final InstantSource clock;
    private final Instant runStart;
    private final BiConsumer<String, String> output;
    private final boolean freezing;
    final RuntimeApi runtimeApi;
    final ExtensionsApi extensionsApi;
    final TelemetryApi telemetryApi;
    private final Map<String, String> environment;
    private final List<SandboxProcess> extensionProcesses = new ArrayList<>();
    private SandboxProcess runtime;
    private double initDurationMs;
    private boolean initDurationReported;
    private boolean ended;

    ExecutionEnvironment(FunctionSettings function, Path opt, String runtimeApiAddress, InstantSource clock,
            Instant runStart, BiConsumer<String, String> output, boolean freezing) {
        this.function = function;
        this.freezing = freezing;
        this.opt = opt;
        this.clock = clock;
        this.runStart = runStart;
        this.output = output;
        this.environment = ProcessEnvironment.of(function, opt, runtimeApiAddress);
        this.runtimeApi = new RuntimeApi(clock);
        this.extensionsApi = new ExtensionsApi(clock, new ExtensionsApi.FunctionMetadata(function.functionName(),
                FunctionSettings.VERSION, function.handler(), function.accountId()), Set.copyOf(executableNames()));
        this.telemetryApi = new TelemetryApi(clock, LogFormat.of(environment.get("AWS_LAMBDA_LOG_FORMAT")));
    }

    /** Routes a request of this environment's processes to its API. */
    void handle(HttpExchange exchange) throws Exception {
        if (exchange.path().startsWith("/2022-07-01/telemetry")) {
            if (exchange.method().equals("PUT")) {
                extensionsApi.identified(exchange).ifPresent(ext -> telemetryApi.subscribe(exchange, ext.name()));
            } else {
                exchange.respond(405, "text/plain", "the Telemetry API takes PUT".getBytes());
            }
        } else if (!runtimeApi.handle(exchange) && !extensionsApi.handle(exchange)) {
            exchange.respond(404, "text/plain", ("no Lambda API at " + exchange.path()).getBytes());
        }
    }

    /**
     * Starts the extensions, waits for them to register, starts the runtime through the exec
     * wrapper, and waits until the runtime and every extension have called next.
     */
    RunReport.Init init() throws InterruptedException {
        Instant start = clock.instant();
        telemetryApi.publish(PlatformEvents.initStart(start, "on-demand", "init", function.functionName(),
                FunctionSettings.VERSION, "sandbox", "arn:aws:lambda:" + function.region() + "::runtime:sandbox",
                function.memoryMb()));
        List<String> names = executableNames();
        for (String name : names) {
            extensionProcesses.add(SandboxProcess.start(name, List.of(opt.resolve("extensions").resolve(name).toString()),
                    environment, opt, line -> extensionLine(name, line)));
        }
        Instant deadline = start.plus(function.initTimeout());
        Optional<String> failure = Optional.empty();
        if (!extensionsApi.awaitRegistered(names.size(), remaining(deadline))) {
            failure = Optional.of("Extension.RegistrationTimeout");
        } else {
            runtime = SandboxProcess.start("runtime", runtimeCommand(), environment, function.functionDir(),
                    this::functionLine);
            failure = awaitReady(deadline);
        }
        extensionsApi.closeRegistration();
        Instant end = clock.instant();
        String status = failure.isEmpty() ? "success" : "error";
        Instant runtimeDone = runtimeApi.firstNext().getNow(end);
        telemetryApi.publish(PlatformEvents.initRuntimeDone(runtimeDone, "on-demand", "init", status, failure));
        for (RegisteredExtension extension : extensionsApi.registered()) {
            if (extension.ready().isDone()) {
                telemetryApi.publish(PlatformEvents.extension(extension.ready().join(), extension.name(), "Ready",
                        extension.events()));
            }
        }
        initDurationMs = millis(start, end);
        telemetryApi.publish(PlatformEvents.initReport(end, "on-demand", "init", status, initDurationMs, failure));
        return new RunReport.Init(millis(runStart, start), initDurationMs, status, failure.orElse(null),
                extensionStarts());
    }

    private Optional<String> awaitReady(Instant deadline) throws InterruptedException {
        List<CompletableFuture<?>> ready = new ArrayList<>();
        ready.add(runtimeApi.firstNext());
        extensionsApi.registered().forEach(extension -> ready.add(extension.ready()));
        CompletableFuture<Void> all = CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new));
        List<CompletableFuture<?>> failures = new ArrayList<>();
        failures.add(runtimeApi.initError());
        failures.add(runtime.onExit());
        extensionProcesses.forEach(process -> failures.add(process.onExit()));
        failures.add(all);
        try {
            CompletableFuture.anyOf(failures.toArray(CompletableFuture[]::new))
                    .get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of("Sandbox.InitTimeout");
        } catch (ExecutionException e) {
            return Optional.of("Sandbox.InitFailure");
        }
        if (all.isDone()) {
            return Optional.empty();
        }
        if (runtimeApi.initError().isDone()) {
            return Optional.of(runtimeApi.initError().join().errorType());
        }
        return Optional.of(runtime.alive() ? "Extension.Crash" : "Runtime.ExitError");
    }

    /** Runs one invocation: thaw, hand out the event, wait for the runtime and the extensions, freeze. */
    InvocationOutcome invoke(Invocation.Request request, Instant start) throws InterruptedException {
        thaw();
        Optional<String> trace = Optional.of(request.traceHeader());
        telemetryApi.currentRequestId(Optional.of(request.requestId()));
        telemetryApi.publish(PlatformEvents.start(start, request.requestId(), FunctionSettings.VERSION, trace));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventType", "INVOKE");
        event.put("deadlineMs", request.deadlineMs());
        event.put("requestId", request.requestId());
        event.put("invokedFunctionArn", request.invokedFunctionArn());
        event.put("tracing", Map.of("type", PlatformEvents.TRACE_HEADER_TYPE, "value", request.traceHeader()));
        List<RegisteredExtension> invoked = List.copyOf(extensionsApi.registeredFor("INVOKE"));
        extensionsApi.broadcast("INVOKE", event);
        Invocation invocation = runtimeApi.submit(request);

        Instant deadline = Instant.ofEpochMilli(request.deadlineMs());
        awaitAny(List.of(invocation.outcome(), runtime.onExit()), deadline);
        if (!runtime.alive()) {
            invocation.fail("failure", "Runtime.ExitError", "RequestId: " + request.requestId()
                    + " Error: Runtime exited with error: exit status " + runtime.exitCode());
        }
        invocation.fail("timeout", "Sandbox.Timedout", request.requestId() + " Task timed out after "
                + String.format("%.2f", function.timeout().toMillis() / 1000.0) + " seconds");
        Instant runtimeDone = clock.instant();
        Invocation.Outcome outcome = invocation.outcome().join();
        // Lines the runtime wrote before it answered come first in the stream, as in Lambda.
        runtime.awaitOutputRead(OUTPUT_SETTLE);
        String status = outcome instanceof Invocation.Outcome.Error error ? error.status() : "success";
        Optional<String> errorType = outcome instanceof Invocation.Outcome.Error error
                ? Optional.of(error.errorType()) : Optional.empty();
        Instant responseStart = invocation.responseStarted().orElse(runtimeDone);
        Instant received = invocation.received().orElse(start);
        // runtimeDone goes out while the extensions are still at work: it is how they learn that
        // the invocation's telemetry is complete, and what end-of-invocation flushing waits for.
        telemetryApi.publish(PlatformEvents.runtimeDone(runtimeDone, request.requestId(), status, errorType,
                millis(start, runtimeDone), invocation.producedBytes(), responseStart, millis(received, responseStart),
                millis(responseStart, runtimeDone), 0.0, trace));

        List<CompletableFuture<?>> idle = new ArrayList<>(invoked.stream().map(RegisteredExtension::idle).toList());
        boolean extensionsDone = awaitAll(idle, deadline);
        Instant end = clock.instant();
        if (!extensionsDone && status.equals("success")) {
            status = "timeout";
            errorType = Optional.of("Sandbox.Timedout");
        }
        double duration = millis(start, end);
        long billed = (long) Math.ceil(duration);
        int memory = (int) Math.max(1, Math.ceil(peakMemoryKib() / 1024.0));
        OptionalDouble initDuration = initDurationReported ? OptionalDouble.empty()
                : OptionalDouble.of(initDurationMs);
        initDurationReported = true;
        telemetryApi.publish(PlatformEvents.report(end, request.requestId(), status, errorType, duration, billed,
                function.memoryMb(), memory, initDuration, trace));
        telemetryApi.currentRequestId(Optional.empty());
        if (status.equals("success") || status.equals("error")) {
            freeze();
        }
        Duration postRuntime = Duration.between(runtimeDone, end);
        byte[] body = switch (outcome) {
            case Invocation.Outcome.Response response -> response.body();
            case Invocation.Outcome.Error error -> error.body();
        };
        return new InvocationOutcome(status, errorType, body, Duration.between(start, end), postRuntime, billed, memory);
    }

    /** What {@link #invoke} measured. */
    record InvocationOutcome(String status, Optional<String> errorType, byte[] body, Duration duration,
            Duration postRuntime, long billedDurationMs, int maxMemoryUsedMb) {
    }

    /**
     * Ends the environment: the runtime gets SIGTERM, then every extension registered for it gets
     * SHUTDOWN with a deadline; whatever is still running at the deadline is killed.
     */
    RunReport.Shutdown shutdown(String reason) throws InterruptedException {
        Instant start = clock.instant();
        ended = true;
        thaw();
        if (runtime != null) {
            runtime.terminate();
            telemetryApi.drain(RUNTIME_STOP);
            if (!runtime.awaitExit(remaining(start.plus(RUNTIME_STOP)))) {
                runtime.kill();
                runtime.awaitExit(RUNTIME_STOP);
            }
        }
        runtimeApi.close();
        Map<String, Double> peakMemoryMb = new LinkedHashMap<>();
        Map<String, Double> residentMemoryMb = new LinkedHashMap<>();
        Map<String, Double> cpuMs = new LinkedHashMap<>();
        extensionProcesses.forEach(p -> {
            peakMemoryMb.put(p.name(), p.peakMemoryKib() / 1024.0);
            residentMemoryMb.put(p.name(), p.residentMemoryKib() / 1024.0);
            cpuMs.put(p.name(), p.cpuMillis());
        });
        Instant deadline = clock.instant().plus(function.shutdownTimeout());
        telemetryApi.shuttingDown();
        extensionsApi.broadcast("SHUTDOWN", Map.of("eventType", "SHUTDOWN", "shutdownReason", reason,
                "deadlineMs", deadline.toEpochMilli()));
        List<RunReport.ExtensionExit> exits = new ArrayList<>();
        for (SandboxProcess extension : extensionProcesses) {
            boolean exited = extension.awaitExit(remaining(deadline));
            if (!exited) {
                extension.kill();
                extension.awaitExit(Duration.ofSeconds(1));
            }
            telemetryApi.extensionExited(extension.name());
            exits.add(new RunReport.ExtensionExit(extension.name(), exited, extension.alive() ? null : extension.exitCode(),
                    peakMemoryMb.get(extension.name()), residentMemoryMb.get(extension.name()), cpuMs.get(extension.name())));
        }
        extensionsApi.close();
        telemetryApi.close();
        return new RunReport.Shutdown(reason, millis(start, clock.instant()), exits);
    }

    /** Kills whatever is left, without the shutdown protocol. */
    void kill() {
        ended = true;
        runtimeApi.close();
        extensionsApi.close();
        telemetryApi.close();
        processes().forEach(SandboxProcess::kill);
    }

    boolean ended() {
        return ended;
    }

    /** CPU time every extension process has used so far, in milliseconds. */
    double extensionCpuMillis() {
        return extensionProcesses.stream().mapToDouble(SandboxProcess::cpuMillis).sum();
    }

    /** The environment's processes: extensions first, then the runtime once started. */
    List<SandboxProcess> processes() {
        return Stream.concat(extensionProcesses.stream(), Stream.ofNullable(runtime)).toList();
    }

    private void freeze() {
        if (!freezing) {
            return;
        }
        telemetryApi.pause();
        processes().forEach(SandboxProcess::freeze);
    }

    private void thaw() {
        if (!freezing) {
            return;
        }
        processes().forEach(SandboxProcess::thaw);
        telemetryApi.resume();
    }

    private List<String> runtimeCommand() {
        List<String> command = new ArrayList<>();
        if (!function.customRuntime()) {
            Optional.ofNullable(environment.get("AWS_LAMBDA_EXEC_WRAPPER")).filter(w -> !w.isBlank()).ifPresent(command::add);
        }
        command.addAll(function.bootstrap());
        return command;
    }

    private List<String> executableNames() {
        Path dir = opt.resolve("extensions");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(Files::isExecutable)
                    .map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    private List<RunReport.ExtensionStart> extensionStarts() {
        return extensionsApi.registered().stream().map(extension -> new RunReport.ExtensionStart(extension.name(),
                millis(runStart, extension.registered()),
                extension.ready().isDone() ? millis(runStart, extension.ready().join()) : null)).toList();
    }

    private void functionLine(String line) {
        telemetryApi.functionLine(line);
        output.accept("runtime", line);
    }

    private void extensionLine(String name, String line) {
        telemetryApi.extensionLine(name, line);
        output.accept(name, line);
    }

    private long peakMemoryKib() {
        return processes().stream().mapToLong(SandboxProcess::peakMemoryKib).sum();
    }

    private Duration remaining(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void awaitAny(List<CompletableFuture<?>> futures, Instant deadline) throws InterruptedException {
        try {
            CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new))
                    .get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
            // the caller looks at which future completed
        }
    }

    private boolean awaitAll(List<CompletableFuture<?>> futures, Instant deadline) throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }
}
