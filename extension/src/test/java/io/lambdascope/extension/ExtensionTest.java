package io.lambdascope.extension;

import io.lambdascope.extension.fake.CapturedLog;
import io.lambdascope.extension.fake.FakeLambda;
import io.lambdascope.extension.telemetry.SandboxHost;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.lambdascope.extension.telemetry.TelemetryListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ExtensionTest {

    private static final String REGISTER = "/2020-01-01/extension/register";
    private static final String NEXT = "/2020-01-01/extension/event/next";

    @TempDir
    Path folder;

    private FakeLambda lambda;
    private Path hosts;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final BlockingQueue<List<TelemetryEvent>> batches = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        lambda = new FakeLambda();
        hosts = Files.writeString(folder.resolve("hosts"), "127.0.0.1 localhost\n");
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    private CompletableFuture<Integer> run(Map<String, String> extra, boolean anyFreePort) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_LAMBDA_RUNTIME_API", lambda.address(),
                "AWS_LAMBDA_FUNCTION_NAME", "orders",
                "LAMBDASCOPE_LOG_LEVEL", "debug"));
        environment.putAll(extra);
        Extension extension = new Extension(environment, "lambdascope", hosts, anyFreePort,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), batches::add);
        return CompletableFuture.supplyAsync(extension::run, runnable -> Thread.ofPlatform().daemon().start(runnable));
    }

    @Test
    void registersFirstThenListensSubscribesAndFollowsInvokeAndShutdown() throws Exception {
        CompletableFuture<Integer> exit = run(Map.of(), true);

        FakeLambda.Call register = lambda.calls().poll(10, TimeUnit.SECONDS);
        assertNotNull(register);
        assertEquals(REGISTER, register.path());
        assertEquals("lambdascope", register.header("Lambda-Extension-Name"));
        URI destination = URI.create(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(lambda.subscribed().get(10, TimeUnit.SECONDS).body()).path("destination").path("URI").asText());
        assertEquals("127.0.0.1", destination.getHost());

        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(destination)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        [{"time":"2022-10-12T00:00:15.064Z","type":"platform.start",\
                        "record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","version":"$LATEST"}}]"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode());
        List<TelemetryEvent> batch = batches.poll(10, TimeUnit.SECONDS);
        assertNotNull(batch);
        assertEquals("platform.start", batch.getFirst().type());

        lambda.invoke("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa");
        // The invocation ends as Lambda tells it: the runtime is done, then the report.
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(destination)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        [{"time":"2022-10-12T00:00:15.500Z","type":"platform.runtimeDone",\
                        "record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","status":"success"}},\
                        {"time":"2022-10-12T00:00:15.510Z","type":"platform.report",\
                        "record":{"requestId":"6d68ca91-49c9-448d-89b8-7ca3e6dc66aa","status":"success",\
                        "metrics":{"durationMs":435.0,"billedDurationMs":436,"memorySizeMB":128,"maxMemoryUsedMB":90}}}]"""))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        lambda.shutdown();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        // With no endpoint the telemetry is written out as OTLP JSON lines: here the metrics of the one invocation.
        assertTrue(stdout.toString(StandardCharsets.UTF_8).lines().anyMatch(line -> line.startsWith("{\"resourceMetrics\"")),
                stdout.toString(StandardCharsets.UTF_8));
        assertThrows(ConnectException.class, () -> new Socket(destination.getHost(), destination.getPort()).close());
    }

    @Test
    void theOtlpReceiversListenOnLoopbackUnlessTurnedOff() throws Exception {
        for (boolean on : List.of(true, false)) {
            int http = freePort();
            int grpc = freePort();
            CompletableFuture<Integer> exit = run(Map.of("LAMBDASCOPE_TELEMETRY_PORT", Integer.toString(freePort()),
                    "LAMBDASCOPE_OTLP_HTTP_PORT", Integer.toString(http), "LAMBDASCOPE_OTLP_GRPC_PORT", Integer.toString(grpc),
                    "LAMBDASCOPE_OTLP_RECEIVER", Boolean.toString(on), "LAMBDASCOPE_PROXY_PORT", Integer.toString(freePort())), false);
            lambda.subscribed().get(10, TimeUnit.SECONDS);
            for (int port : List.of(http, grpc)) {
                if (on) {
                    new Socket(InetAddress.getLoopbackAddress(), port).close();
                } else {
                    assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
                }
            }
            lambda.shutdown();
            assertEquals(0, exit.get(10, TimeUnit.SECONDS));
            lambda.close();
            lambda = new FakeLambda();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void skippingCertificateVerificationIsAWarningAtStartAndOnlyThen() throws Exception {
        try (CapturedLog log = CapturedLog.of(Extension.class.getName())) {
            for (String skip : List.of("false", "true")) {
                log.clear();
                CompletableFuture<Integer> exit = run(Map.of("LAMBDASCOPE_EXPORT_ENDPOINT", "https://127.0.0.1:1",
                        "LAMBDASCOPE_INSECURE_SKIP_VERIFY", skip), true);
                lambda.awaitCall(NEXT);
                lambda.shutdown();
                assertEquals(0, exit.get(10, TimeUnit.SECONDS));
                List<LogRecord> warnings = log.warnings().stream()
                        .filter(record -> record.getMessage().contains("LAMBDASCOPE_INSECURE_SKIP_VERIFY"))
                        .toList();
                assertEquals(skip.equals("true") ? 1 : 0, warnings.size(), "skip verify " + skip + ": " + warnings);
                lambda.close();
                lambda = new FakeLambda();
            }
        }
    }

    @Test
    void whenDisabledRegistersAndOnlyWaitsForEvents() throws Exception {
        CompletableFuture<Integer> exit = run(Map.of("LAMBDASCOPE_DISABLED", "TRUE"), true);
        lambda.invoke("6d68ca91-49c9-448d-89b8-7ca3e6dc66aa");
        lambda.shutdown();

        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        List<String> paths = lambda.calls().stream().map(FakeLambda.Call::path).toList();
        assertEquals(List.of(REGISTER, NEXT, NEXT), paths);
        assertEquals("", stdout.toString(StandardCharsets.UTF_8), "nothing exported");
    }

    @Test
    void reportsAStartFailureThroughInitError() throws Exception {
        lambda.subscribeStatus(400);

        assertEquals(1, run(Map.of(), true).get(10, TimeUnit.SECONDS));

        lambda.awaitCall(REGISTER);
        FakeLambda.Call error = lambda.awaitCall("/2020-01-01/extension/init/error");
        assertEquals("Extension.StartFailure", error.header("Lambda-Extension-Function-Error-Type"));
        assertEquals(FakeLambda.EXTENSION_ID, error.header("Lambda-Extension-Identifier"));
        assertTrue(error.body().contains("\"errorType\":\"Extension.StartFailure\""), error.body());
    }

    @Test
    void reportsATakenTelemetryPortThroughInitError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int exit = run(Map.of("LAMBDASCOPE_TELEMETRY_PORT", String.valueOf(taken.getLocalPort())), false)
                    .get(10, TimeUnit.SECONDS);

            assertEquals(1, exit);
            lambda.awaitCall("/2020-01-01/extension/init/error");
            assertTrue(lambda.calls().stream().noneMatch(call -> call.path().equals("/2022-07-01/telemetry")));
        }
    }

    /** A receiver's port taken (by the function, say) costs that receiver only: the other and the extension go on. */
    @Test
    void aTakenOtlpHttpPortLeavesTheGrpcReceiverAndTheRestRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int grpc = freePort();
            CompletableFuture<Integer> exit = run(Map.of("LAMBDASCOPE_TELEMETRY_PORT", Integer.toString(freePort()),
                    "LAMBDASCOPE_OTLP_HTTP_PORT", Integer.toString(taken.getLocalPort()), "LAMBDASCOPE_OTLP_GRPC_PORT", Integer.toString(grpc),
                    "LAMBDASCOPE_PROXY_PORT", Integer.toString(freePort())), false);
            lambda.subscribed().get(10, TimeUnit.SECONDS);
            lambda.awaitCall(NEXT);

            new Socket(InetAddress.getLoopbackAddress(), grpc).close();
            lambda.shutdown();
            assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void reportsAFailedEventPollThroughExitError() throws Exception {
        lambda.failNext();

        assertEquals(1, run(Map.of(), true).get(10, TimeUnit.SECONDS));

        FakeLambda.Call error = lambda.awaitCall("/2020-01-01/extension/exit/error");
        assertEquals("Extension.EventFailure", error.header("Lambda-Extension-Function-Error-Type"));
    }

    @Test
    void failsWithoutARuntimeApi() {
        Extension extension = new Extension(Map.of(), "lambdascope", hosts, true, new PrintStream(stdout, true, StandardCharsets.UTF_8), batches::add);

        assertEquals(1, extension.run());
        assertTrue(lambda.calls().isEmpty());
    }

    @Test
    void telemetrySocketListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst();
        try (TelemetryListener listener = TelemetryListener.start(SandboxHost.from(hosts).address(), 0, batches::add)) {
            int port = listener.port();
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            assumeTrue(external.isPresent(), "no non-loopback address to try");
            try (Socket socket = new Socket()) {
                assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress(external.get(), port), 2000));
            }
        }
    }

    /** The proxy, the telemetry listener and both receivers answer on loopback and nowhere else. */
    @Test
    void everyListenerRefusesANonLoopbackAddress() throws Exception {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .findFirst();
        Map<String, Integer> ports = Map.of("LAMBDASCOPE_PROXY_PORT", freePort(), "LAMBDASCOPE_TELEMETRY_PORT", freePort(),
                "LAMBDASCOPE_OTLP_HTTP_PORT", freePort(), "LAMBDASCOPE_OTLP_GRPC_PORT", freePort());
        Map<String, String> environment = new HashMap<>();
        ports.forEach((name, port) -> environment.put(name, Integer.toString(port)));
        CompletableFuture<Integer> exit = run(environment, false);
        lambda.subscribed().get(10, TimeUnit.SECONDS);

        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            new Socket(InetAddress.getLoopbackAddress(), port.getValue()).close();
            if (external.isPresent()) {
                try (Socket socket = new Socket()) {
                    assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress(external.get(), port.getValue()), 2000),
                            port.getKey() + " must not answer on " + external.get());
                }
            }
        }
        lambda.shutdown();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assumeTrue(external.isPresent(), "no non-loopback address to try");
    }

    @Test
    void findsTheLayersAotCacheUnusedOnlyWhenTheJvmSharesNothing() throws Exception {
        Path cache = Files.writeString(folder.resolve("lambdascope.aot"), "a cache");
        assertEquals(Optional.of(cache), Extension.unusedAotCache(folder.toString(), "mixed mode, emulated-client"));
        assertEquals(Optional.empty(), Extension.unusedAotCache(folder.toString(), "mixed mode, emulated-client, sharing"));
        // No cache in the layer (the arm64 layer built without an emulator), or no layer at all.
        assertEquals(Optional.empty(), Extension.unusedAotCache(folder.resolve("missing").toString(), "mixed mode"));
        assertEquals(Optional.empty(), Extension.unusedAotCache(null, "mixed mode"));
    }

    @Test
    void readsTheVersionFromTheLayer() throws Exception {
        String previous = System.getProperty("lambdascope.home");
        try {
            Files.writeString(folder.resolve("VERSION"), "1.2.3\n");
            System.setProperty("lambdascope.home", folder.toString());
            assertEquals("1.2.3", Extension.version());
            System.setProperty("lambdascope.home", folder.resolve("missing").toString());
            assertEquals("dev", Extension.version());
        } finally {
            if (previous == null) {
                System.clearProperty("lambdascope.home");
            } else {
                System.setProperty("lambdascope.home", previous);
            }
        }
    }
}
