import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
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
import java.util.HexFormat;
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
 * Lambda's Extensions, Telemetry and Runtime APIs and an OTLP/HTTP backend through one
 * environment's life (register, subscribe, two invocations with their platform telemetry, exports,
 * shutdown), recording what it loads, then has the JVM write those classes, already parsed and
 * linked, into {@code lambdascope/lambdascope.aot}. The launcher uses the cache when it is there.
 *
 * <p>A stand-in function runtime takes each invocation through the extension's Runtime API proxy
 * (one answered, one failed) and exports a span to its OTLP/HTTP and OTLP/gRPC receivers, as a
 * function with an OpenTelemetry SDK does: what a deployed extension runs on its first invocation
 * is then in the cache too, rather than loaded from the jar and its lambdas spun while the
 * function waits. ({@link GrpcExport}, beside this file, makes the gRPC call.)
 *
 * <p>Run by the build with the JDK that runs Maven: {@code java TrainingRun.java <layer tree>
 * [<qemu-aarch64> <arm64 system root>]}. With an emulator, the layer's runtime is another
 * architecture's and runs under it, as a Graviton CPU without the extensions later ones added
 * ({@code -cpu neoverse-n1}); the cache holds classes only, no machine code, so what it holds
 * does not depend on the CPU it was trained on. A failed training leaves no cache and a warning,
 * never a failed build: the cache only makes the start faster.
 */
public final class TrainingRun {

    /** The launcher's JVM options: the lines of its first {@code set -- \\} block. */
    private static final Pattern LAUNCHER_OPTIONS = Pattern.compile("(?m)^set -- \\\\\n((?:[ \t]+.*\\\\\n)*[ \t]+.*)$");

    private static final Pattern DESTINATION = Pattern.compile("\"URI\"\\s*:\\s*\"([^\"]+)\"");
    private static final int INVOCATIONS = 2;
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:aot-training";
    private static final String RESPONSE = """
            {"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{\\"orders\\":[]}"}""";
    private static final String ERROR = """
            {"errorMessage":"no such order","errorType":"java.lang.IllegalArgumentException","stackTrace":[]}""";
    private static final String TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private final CompletableFuture<URI> subscribed = new CompletableFuture<>();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger runtimeEvents = new AtomicInteger();
    /** Per invocation: the extension has its INVOKE event; the runtime has answered. */
    private final List<CompletableFuture<Void>> invoked = futures();
    private final List<CompletableFuture<Void>> answered = futures();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** What starts the layer's {@code java}: nothing, or the emulator and its system root. */
    private final List<String> emulation;
    /** How many times longer than natively every step may take: emulation is ten to twenty times slower. */
    private final int patience;

    private TrainingRun(List<String> emulation) {
        this.emulation = emulation;
        this.patience = emulation.isEmpty() ? 1 : 20;
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
        List<String> emulation = args.length < 3 ? List.of()
                : List.of(args[1], "-L", args[2], "-cpu", "neoverse-n1");
        int exit = new TrainingRun(emulation).train(home, cache);
        if (exit != 0 || !Files.isRegularFile(cache)) {
            Files.deleteIfExists(cache);
            System.out.println("[WARNING] AOT training ended with " + exit + "; the layer has no AOT cache");
        } else {
            System.out.println("AOT cache written: " + cache + " (" + Files.size(cache) / 1024 + " KiB)");
        }
    }

    /**
     * Records what the extension loads through one environment's life, then writes the cache from
     * that record: the two steps the JDK's {@code -XX:AOTCacheOutput} takes in one, here taken
     * apart because that option starts its second step as a child process, which an emulator does
     * not run.
     */
    private int train(Path home, Path cache) throws Exception {
        List<String> java = new ArrayList<>(emulation);
        java.add(home.resolve("runtime/bin/java").toString());
        java.add("-Dlambdascope.home=" + home);
        java.addAll(launcherFlags(home.resolveSibling("extensions").resolve("lambdascope")));
        // Classes only: JDK 25 also caches call adapters and stubs, machine code for the CPU it
        // was written on that it does not check the next CPU against, and some it writes fail to
        // link at the next start, which then warns on every cold start. Method profiles are left
        // out too: the launcher does not replay them (see there), and they would only make the
        // cache larger.
        java.addAll(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTAdapterCaching", "-XX:-AOTStubCaching",
                "-XX:-AOTRecordTraining"));
        List<String> classPath = List.of("-cp", home.resolve("app") + "/*");
        Path configuration = Files.createTempFile("lambdascope-training", ".aotconf");
        try {
            List<String> record = new ArrayList<>(java);
            record.addAll(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration));
            record.addAll(classPath);
            record.addAll(List.of("io.lambdascope.extension.Main", "lambdascope"));
            int recorded = runExtension(record);
            if (recorded != 0) {
                return recorded;
            }
            List<String> create = new ArrayList<>(java);
            create.addAll(List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                    "-XX:AOTCache=" + cache));
            create.addAll(classPath);
            Process writer = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!writer.waitFor(60L * patience, TimeUnit.SECONDS)) {
                writer.destroyForcibly().waitFor();
                return -1;
            }
            return writer.exitValue();
        } finally {
            Files.deleteIfExists(configuration);
        }
    }

    /** Runs the extension with this command against the stand-in APIs, as one environment's life. */
    private int runExtension(List<String> command) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/", this::answer);
        api.start();
        try {
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
            // No exec wrapper here: without its file, the proxy forwards to the extension's own
            // AWS_LAMBDA_RUNTIME_API, the stand-in.
            Files.deleteIfExists(Path.of("/tmp", "lambdascope-proxy-" + env.get("LAMBDASCOPE_PROXY_PORT") + ".upstream"));
            Process extension = builder.start();
            Thread runtime = Thread.ofPlatform().daemon().start(() -> runFunction(
                    "127.0.0.1:" + env.get("LAMBDASCOPE_PROXY_PORT"), "127.0.0.1:" + env.get("LAMBDASCOPE_OTLP_HTTP_PORT"),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(env.get("LAMBDASCOPE_OTLP_GRPC_PORT")))));
            if (!extension.waitFor(60L * patience, TimeUnit.SECONDS)) {
                extension.destroyForcibly().waitFor();
                return -1;
            }
            runtime.join(5_000L * patience);
            return extension.exitValue();
        } finally {
            api.stop(0);
        }
    }

    /**
     * The stand-in function runtime: each invocation's event through the proxy, a span to a
     * receiver (OTLP/HTTP in the first invocation, OTLP/gRPC in the second, as SDKs in Python and
     * .NET export by default), and the result back through the proxy (the second invocation fails).
     */
    private void runFunction(String proxy, String httpReceiver, InetSocketAddress grpcReceiver) {
        try {
            subscribed.get(30L * patience, TimeUnit.SECONDS);
            for (int invocation = 1; invocation <= INVOCATIONS; invocation++) {
                invoked.get(invocation).get(10L * patience, TimeUnit.SECONDS);
                HttpResponse<?> event = send(HttpRequest.newBuilder(
                        URI.create("http://" + proxy + "/2018-06-01/runtime/invocation/next")).build(), 200);
                String requestId = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                boolean answers = invocation == 1;
                if (answers) {
                    send(HttpRequest.newBuilder(URI.create("http://" + httpReceiver + "/v1/traces"))
                            .header("Content-Type", "application/x-protobuf")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(FunctionSpan.request(requestId))).build(), 200);
                } else {
                    GrpcExport.call(grpcReceiver, "opentelemetry.proto.collector.trace.v1.TraceService",
                            FunctionSpan.request(requestId), 5_000 * patience);
                }
                HttpRequest.Builder result = HttpRequest.newBuilder(URI.create("http://" + proxy
                        + "/2018-06-01/runtime/invocation/" + requestId + (answers ? "/response" : "/error")))
                        .header("Content-Type", "application/json");
                if (answers) {
                    result.POST(HttpRequest.BodyPublishers.ofString(RESPONSE));
                } else {
                    result.header("Lambda-Runtime-Function-Error-Type", "java.lang.IllegalArgumentException")
                            .POST(HttpRequest.BodyPublishers.ofString(ERROR));
                }
                send(result.build(), 202);
                answered.get(invocation).complete(null);
            }
        } catch (Exception e) {
            // The cache is still worth having with what was loaded so far.
            System.out.println("[WARNING] AOT training: the stand-in runtime stopped (" + e + "); the cache lacks what it did not reach");
            answered.forEach(done -> done.complete(null));
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
                // Lambda adds the account to the answer when the extension asks for it, as this one
                // does; without it the training would miss the code that builds the function's ARN.
                String account = exchange.getRequestHeaders().getOrDefault("Lambda-Extension-Accept-Feature", List.of()).stream()
                        .anyMatch(feature -> feature.contains("accountId")) ? ",\"accountId\":\"123456789012\"" : "";
                respond(exchange, 200, """
                        {"functionName":"aot-training","functionVersion":"$LATEST","handler":"index.handler"%s}""".formatted(account));
            }
            case "/2022-07-01/telemetry" -> {
                Matcher uri = DESTINATION.matcher(body);
                if (uri.find()) {
                    subscribed.complete(URI.create(uri.group(1)));
                }
                respond(exchange, 200, "OK");
            }
            case "/2020-01-01/extension/event/next" -> next(exchange);
            case "/2018-06-01/runtime/invocation/next" -> runtimeNext(exchange);
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
            // The invocation ends when the runtime has answered, as in Lambda.
            answered.get(event - 1).completeOnTimeout(null, 10L * patience, TimeUnit.SECONDS).join();
            deliverTelemetry("req-" + (event - 1));
        }
        long deadline = Instant.now().plusSeconds(3).toEpochMilli();
        if (event <= INVOCATIONS) {
            exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", "event-" + event);
            respond(exchange, 200, """
                    {"eventType":"INVOKE","deadlineMs":%d,"requestId":"req-%d",\
                    "invokedFunctionArn":"%s",\
                    "tracing":{"type":"X-Amzn-Trace-Id","value":"%s"}}"""
                    .formatted(deadline, event, FUNCTION_ARN, TRACE_HEADER));
            invoked.get(event).complete(null);
        } else {
            // Under an emulator the receivers' server never finishes stopping (its blocked accept
            // is not woken), so the extension halts at this deadline: the cache then lacks only
            // the server's stop, which runs once, at the end of an environment.
            respond(exchange, 200, """
                    {"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":%d}""".formatted(deadline));
        }
    }

    private HttpResponse<?> send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<?> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != expected) {
            throw new IOException(request.uri().getPath() + " answered " + response.statusCode());
        }
        return response;
    }

    /** The runtime's next event: invocation 1 from API Gateway, invocation 2 from SQS. */
    private void runtimeNext(HttpExchange exchange) throws IOException {
        int invocation = runtimeEvents.incrementAndGet();
        exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", "req-" + invocation);
        exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(Instant.now().plusSeconds(3).toEpochMilli()));
        exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", TRACE_HEADER);
        respond(exchange, 200, invocation == 1 ? """
                {"resource":"/orders","path":"/orders","httpMethod":"GET",\
                "headers":{"Host":"api.example.com","User-Agent":"curl/8.5.0","traceparent":"00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01"},\
                "multiValueHeaders":{"Host":["api.example.com"]},"queryStringParameters":{"status":"open"},\
                "requestContext":{"resourcePath":"/orders","httpMethod":"GET","stage":"prod","requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef",\
                "domainName":"api.example.com","apiId":"1234567890","identity":{"sourceIp":"203.0.113.7","userAgent":"curl/8.5.0"},"protocol":"HTTP/1.1"},\
                "body":null,"isBase64Encoded":false}""" : """
                {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",\
                "body":"order 42","attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183",\
                "AWSTraceHeader":"%s"},"messageAttributes":{},"eventSource":"aws:sqs",\
                "eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:orders","awsRegion":"us-east-1"}]}""".formatted(TRACE_HEADER));
    }

    /**
     * Posts one invocation's platform events and a log line, as Lambda's Telemetry API would; the
     * first invocation's batch begins with the init phase's events.
     */
    private void deliverTelemetry(String requestId) {
        URI destination = subscribed.getNow(null);
        if (destination == null) {
            return;
        }
        String now = Instant.now().toString();
        String init = !requestId.equals("req-1") ? "" : """
                {"time":"%1$s","type":"platform.initStart","record":{"initializationType":"on-demand","phase":"init",
                  "runtimeVersion":"java:25.v1","functionName":"aot-training","functionVersion":"$LATEST","instanceMaxMemory":512}},
                {"time":"%1$s","type":"platform.initRuntimeDone","record":{"initializationType":"on-demand","status":"success"}},
                {"time":"%1$s","type":"platform.initReport","record":{"initializationType":"on-demand","status":"success",
                  "phase":"init","metrics":{"durationMs":412.5}}},""".formatted(now);
        String batch = "[" + init + """
                {"time":"%1$s","type":"platform.start","record":{"requestId":"%2$s","version":"$LATEST"}},
                {"time":"%1$s","type":"function","record":"hello from %2$s"},
                {"time":"%1$s","type":"platform.runtimeDone","record":{"requestId":"%2$s","status":"success",
                  "metrics":{"durationMs":12.5,"producedBytes":42}}},
                {"time":"%1$s","type":"platform.report","record":{"requestId":"%2$s","status":"success",
                  "metrics":{"durationMs":13.1,"billedDurationMs":14,"memorySizeMB":512,"maxMemoryUsedMB":90}}}]"""
                .formatted(now, requestId);
        try {
            client.send(HttpRequest.newBuilder(destination).timeout(Duration.ofSeconds(5L * patience))
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

    private static List<CompletableFuture<Void>> futures() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i <= INVOCATIONS; i++) {
            futures.add(new CompletableFuture<>());
        }
        return futures;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * One span as an OpenTelemetry SDK exports it over OTLP: an {@code
     * ExportTraceServiceRequest} in protobuf, encoded here because the training run has no
     * dependencies.
     */
    static final class FunctionSpan {

        private FunctionSpan() {
        }

        static byte[] request(String requestId) {
            long now = Instant.now().toEpochMilli() * 1_000_000L;
            byte[] span = new Proto()
                    .bytes(1, hex("5759e988bd862e3fe1be46a994272793"))
                    .bytes(2, hex("1a2b3c4d5e6f7081"))
                    .bytes(4, hex("53995c3f42cd8ad8"))
                    .text(5, "SELECT orders")
                    .varint(6, 3) // SPAN_KIND_CLIENT
                    .fixed64(7, now - 2_000_000L)
                    .fixed64(8, now)
                    .message(9, attribute("db.system", "dynamodb"))
                    .message(9, attribute("faas.invocation_id", requestId))
                    .toByteArray();
            byte[] scopeSpans = new Proto().message(1, new Proto().text(1, "orders").toByteArray()).message(2, span).toByteArray();
            byte[] resource = new Proto().message(1, attribute("service.name", "aot-training")).toByteArray();
            byte[] resourceSpans = new Proto().message(1, resource).message(2, scopeSpans).toByteArray();
            return new Proto().message(1, resourceSpans).toByteArray();
        }

        private static byte[] attribute(String key, String value) {
            return new Proto().text(1, key).message(2, new Proto().text(1, value).toByteArray()).toByteArray();
        }

        private static byte[] hex(String digits) {
            return HexFormat.of().parseHex(digits);
        }
    }

    /** The few protobuf encodings {@link FunctionSpan} needs. */
    static final class Proto {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto fixed64(int field, long value) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto text(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, byte[] encoded) {
            return bytes(field, encoded);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            raw((long) field << 3 | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
