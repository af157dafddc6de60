import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains the layer's AOT cache: runs the extension from the layer tree against a stand-in for
 * Lambda's Extensions and Telemetry APIs and an OTLP/HTTP backend through one environment's life
 * (register, subscribe, two invocations with their platform telemetry, exports, shutdown), with
 * {@code -XX:AOTCacheOutput}, so that
 * the JVM writes the classes the extension loaded, already parsed and linked, into
 * {@code lambdascope/lambdascope.aot}. The launcher uses the cache when it is there.
 *
 * <p>Run by the build with the JDK that runs Maven: {@code java TrainingRun.java <layer tree>}.
 * A failed training leaves no cache and a warning, never a failed build: the cache only makes the
 * start faster.
 */
public final class TrainingRun {

    /** The launcher's JVM options: the lines of its first {@code set -- \\} block. */
    private static final Pattern LAUNCHER_OPTIONS = Pattern.compile("(?m)^set -- \\\\\n((?:[ \t]+.*\\\\\n)*[ \t]+.*)$");

    private static final Pattern DESTINATION = Pattern.compile("\"URI\"\\s*:\\s*\"([^\"]+)\"");
    private static final int INVOCATIONS = 2;

    private final CompletableFuture<URI> subscribed = new CompletableFuture<>();
    private final AtomicInteger events = new AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();

    private TrainingRun() {
    }

    /**
     * Trains the cache.
     *
     * @param args the layer tree (the folder holding extensions/ and lambdascope/)
     * @throws Exception when the stand-in API cannot start
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath().resolve("lambdascope");
        Path cache = home.resolve("lambdascope.aot");
        Files.deleteIfExists(cache);
        int exit = new TrainingRun().train(home, cache);
        if (exit != 0 || !Files.isRegularFile(cache)) {
            Files.deleteIfExists(cache);
            System.out.println("[WARNING] AOT training ended with " + exit + "; the layer has no AOT cache");
        } else {
            System.out.println("AOT cache written: " + cache + " (" + Files.size(cache) / 1024 + " KiB)");
        }
    }

    private int train(Path home, Path cache) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/", this::answer);
        api.start();
        try {
            List<String> command = new ArrayList<>();
            command.add(home.resolve("runtime/bin/java").toString());
            command.add("-Dlambdascope.home=" + home);
            command.addAll(launcherFlags(home.resolveSibling("extensions").resolve("lambdascope")));
            // Classes only: JDK 25 also caches call adapters and stubs, and some it writes fail to
            // link at the next start, which then warns on every cold start. Method profiles are
            // left out too: the launcher does not replay them (see there), and they would only
            // make the cache larger.
            command.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching",
                    "-XX:-AOTRecordTraining"));
            command.add("-XX:AOTCacheOutput=" + cache);
            command.addAll(List.of("-cp", home.resolve("app") + "/*", "io.lambdascope.extension.Main", "lambdascope"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("LAMBDASCOPE_") || name.startsWith("OTEL_")
                    || name.startsWith("AWS_") || name.endsWith("JAVA_OPTIONS"));
            env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort());
            env.put("AWS_LAMBDA_FUNCTION_NAME", "aot-training");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            env.put("AWS_REGION", "us-east-1");
            // Export as a deployed extension does, over OTLP/HTTP with gzip, so that the exporter's
            // classes (the JDK's HTTP client among them) are in the cache too.
            env.put("LAMBDASCOPE_EXPORT_ENDPOINT", "http://127.0.0.1:" + api.getAddress().getPort());
            // Free ports, so that a training run never collides with anything else on the machine.
            for (String port : List.of("LAMBDASCOPE_PROXY_PORT", "LAMBDASCOPE_TELEMETRY_PORT",
                    "LAMBDASCOPE_OTLP_HTTP_PORT", "LAMBDASCOPE_OTLP_GRPC_PORT")) {
                env.put(port, Integer.toString(freePort()));
            }
            Process extension = builder.start();
            if (!extension.waitFor(60, TimeUnit.SECONDS)) {
                extension.destroyForcibly().waitFor();
                return -1;
            }
            return extension.exitValue();
        } finally {
            api.stop(0);
        }
    }

    /**
     * The -X options the launcher starts the extension with, read from the launcher itself: the
     * cache is only used by a JVM started with the options it was trained with.
     */
    static List<String> launcherFlags(Path launcher) throws IOException {
        Matcher block = LAUNCHER_OPTIONS.matcher(Files.readString(launcher));
        if (!block.find()) {
            throw new IOException("no 'set -- \\' block of JVM options in " + launcher);
        }
        List<String> flags = new ArrayList<>();
        for (String token : block.group(1).replace("\\\n", " ").trim().split("\\s+")) {
            if (token.startsWith("-X")) {
                flags.add(token);
            }
        }
        return flags;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/2020-01-01/extension/register" -> {
                exchange.getResponseHeaders().set("Lambda-Extension-Identifier", "00000000-0000-4000-8000-000000000001");
                respond(exchange, 200, """
                        {"functionName":"aot-training","functionVersion":"$LATEST","handler":"index.handler"}""");
            }
            case "/2022-07-01/telemetry" -> {
                Matcher uri = DESTINATION.matcher(body);
                if (uri.find()) {
                    subscribed.complete(URI.create(uri.group(1)));
                }
                respond(exchange, 200, "OK");
            }
            case "/2020-01-01/extension/event/next" -> next(exchange);
            case "/v1/traces", "/v1/metrics", "/v1/logs" -> {
                // An OTLP/HTTP success: an empty protobuf response.
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            }
            default -> respond(exchange, 202, "{\"status\":\"OK\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        int event = events.incrementAndGet();
        if (event > 1) {
            deliverTelemetry("req-" + (event - 1));
        }
        long deadline = Instant.now().plusSeconds(3).toEpochMilli();
        if (event <= INVOCATIONS) {
            exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", "event-" + event);
            respond(exchange, 200, """
                    {"eventType":"INVOKE","deadlineMs":%d,"requestId":"req-%d",\
                    "invokedFunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:aot-training",\
                    "tracing":{"type":"X-Amzn-Trace-Id","value":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}}"""
                    .formatted(deadline, event));
        } else {
            respond(exchange, 200, """
                    {"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":%d}""".formatted(deadline));
        }
    }

    /** Posts one invocation's platform events and a log line, as Lambda's Telemetry API would. */
    private void deliverTelemetry(String requestId) {
        URI destination = subscribed.getNow(null);
        if (destination == null) {
            return;
        }
        String now = Instant.now().toString();
        String batch = """
                [{"time":"%1$s","type":"platform.start","record":{"requestId":"%2$s","version":"$LATEST"}},
                 {"time":"%1$s","type":"function","record":"hello from %2$s"},
                 {"time":"%1$s","type":"platform.runtimeDone","record":{"requestId":"%2$s","status":"success",
                   "metrics":{"durationMs":12.5,"producedBytes":42}}},
                 {"time":"%1$s","type":"platform.report","record":{"requestId":"%2$s","status":"success",
                   "metrics":{"durationMs":13.1,"billedDurationMs":14,"memorySizeMB":512,"maxMemoryUsedMB":90}}}]"""
                .formatted(now, requestId);
        try {
            client.send(HttpRequest.newBuilder(destination).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The cache is still worth having with what was loaded so far.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
