package io.lambdascope.extension.sandbox;

import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.sink.SinkContents;
import io.opentelemetry.proto.trace.v1.Span;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Runtime API proxy is transparent: the same function in the sandbox, started through the
 * layer's exec wrapper (so its runtime talks to the extension's proxy) and without it (so it talks
 * to the Runtime API directly), gives byte-identical answers for every event.
 */
class ProxyIT {

    private static final Path LAYER = Path.of("target/layers/lambdascope-extension-x86_64.zip").toAbsolutePath();
    /** Lambda's largest buffered response. */
    private static final int SIX_MEGABYTES = 6 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path taskRoot;

    @Test
    void everyEventGetsTheSameAnswerThroughTheProxy() throws Exception {
        Path folder = Path.of(System.getProperty("lambdascope.fixtures", ""), "events");
        assumeTrue(Files.isDirectory(folder), "no event fixtures at " + folder + "; skipped");
        List<byte[]> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                events.add(Files.readAllBytes(file));
            }
        }
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        events.add(binary);
        events.add(new byte[0]);
        events.add(text("\"fail\""));
        events.add(text("\"bytes:" + SIX_MEGABYTES + "\""));

        int port = freePort();
        List<InvocationResult> direct = invokeAll(false, port, events);
        List<InvocationResult> proxied = invokeAll(true, port, events);

        assertEquals("\"127.0.0.1:" + port + "\"", proxied.getFirst().bodyText(), "the wrapper routed the runtime to the proxy");
        assertTrue(!direct.getFirst().bodyText().contains(":" + port + "\""), "without the wrapper it talks to the sandbox");
        for (int i = 1; i < direct.size(); i++) {
            String which = "event " + i + " of " + events.size();
            assertEquals(direct.get(i).status(), proxied.get(i).status(), which);
            assertEquals(direct.get(i).errorType(), proxied.get(i).errorType(), which);
            assertArrayEquals(direct.get(i).body(), proxied.get(i).body(), which);
        }
        assertEquals("error", proxied.get(proxied.size() - 2).status(), "the handler's error went through as one");
        assertEquals(SIX_MEGABYTES, proxied.getLast().body().length);
    }

    @Test
    void eachCapturedInvocationIsOneSpanWithItsTriggersAttributesAndNoSecret() throws Exception {
        Path folder = Path.of(System.getProperty("lambdascope.fixtures", ""), "events");
        assumeTrue(Files.isDirectory(folder), "no event fixtures at " + folder + "; skipped");
        List<String> fixtures = List.of("apigw-v1-rest-proxy-no-auth.json", "apigw-v2-http-get-jwt-cookies.json",
                "alb-multivalue.json", "lambda-function-url-iam-cookies.json", "sqs-event.json", "alb-get-query-and-body.json",
                "apigw-v2-http-post-jwt-cookies.json");
        List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());
        List<InvocationResult> results = new ArrayList<>();
        SinkContents contents;
        byte[] everything;
        try (Sandbox sandbox = sandbox(true, freePort(), EchoFunction.HANDLER)
                .env("LAMBDASCOPE_REDACT_HEADERS", "x-amz-security-token").env("LAMBDASCOPE_REDACT_QUERY", "query")
                .output((source, line) -> {
                    if (!source.equals("runtime")) {
                        extensionLog.add(line);
                    }
                })
                .otlpSink(true).build()) {
            for (String fixture : fixtures) {
                InvocationResult result = sandbox.invoke(Files.readAllBytes(folder.resolve(fixture)));
                assertEquals("success", result.status(), fixture);
                results.add(result);
            }
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
            everything = contents.toString().getBytes(StandardCharsets.UTF_8);
        }
        for (int i = 0; i < fixtures.size(); i++) {
            String requestId = results.get(i).requestId();
            List<Span> spans = contents.spans().stream()
                    .filter(span -> Telemetry.attribute(span.getAttributesList(), "faas.invocation_id").orElse("").equals(requestId))
                    .toList();
            assertEquals(1, spans.size(), fixtures.get(i) + ": the platform's span and the captured one are one: " + spans);
            Span span = spans.getFirst();
            assertTrue(Telemetry.attribute(span.getAttributesList(), "faas.trigger").isPresent(), fixtures.get(i) + ": " + span);
            assertTrue(span.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("faas.coldstart")),
                    "the platform's attributes are there too: " + span);
            if (!fixtures.get(i).startsWith("sqs")) {
                String method = Telemetry.attribute(span.getAttributesList(), "http.request.method").orElseThrow();
                assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
                assertTrue(span.getName().startsWith(method), span.getName() + " names its method " + method);
                assertTrue(Telemetry.attribute(span.getAttributesList(), "url.path").isPresent(), span.toString());
            } else {
                assertEquals(Span.SpanKind.SPAN_KIND_CONSUMER, span.getKind());
            }
        }
        String sink = new String(everything, StandardCharsets.UTF_8) + String.join("\n", extensionLog);
        assertTrue(!sink.contains("1234ABCD"), "a redacted query value reached the sink or the extension's log");
        assertTrue(!sink.contains("hello world"), "a body was recorded with LAMBDASCOPE_CAPTURE_BODIES off");
        Set<String> redacted = Set.of("authorization", "cookie", "x-amz-security-token");
        for (String fixture : fixtures) {
            JsonNode event = JSON.readTree(folder.resolve(fixture).toFile());
            for (String headers : List.of("headers", "multiValueHeaders")) {
                event.path(headers).properties().forEach(header -> {
                    if (redacted.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                        List<JsonNode> values = header.getValue().isArray() ? List.copyOf(header.getValue().valueStream().toList())
                                : List.of(header.getValue());
                        for (JsonNode value : values) {
                            assertTrue(!sink.contains(value.asText()),
                                    fixture + ": a " + header.getKey() + " value reached the sink or the extension's log");
                        }
                    }
                });
            }
        }
    }

    @Test
    void streamedResponsesAndTheirErrorTrailersAreTheSameThroughTheProxy() throws Exception {
        List<byte[]> events = List.of(text("{\"stream\":1}"), text("\"fail\""), new byte[0], text("{\"stream\":2}"));
        int port = freePort();
        List<List<InvocationResult>> runs = new ArrayList<>();
        for (boolean wrapped : List.of(false, true)) {
            List<InvocationResult> results = new ArrayList<>();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Sandbox.Builder builder = sandbox(wrapped, port, "streaming").bootstrap(List.of(java, "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), StreamingRuntime.class.getName()));
            try (Sandbox sandbox = builder.build()) {
                for (byte[] event : events) {
                    results.add(sandbox.invoke(event));
                }
                sandbox.shutdown();
            }
            runs.add(results);
        }
        for (int i = 0; i < events.size(); i++) {
            InvocationResult direct = runs.get(0).get(i);
            InvocationResult proxied = runs.get(1).get(i);
            assertEquals(direct.status(), proxied.status(), "event " + i);
            assertEquals(direct.errorType(), proxied.errorType(), "event " + i);
            assertArrayEquals(direct.body(), proxied.body(), "event " + i);
        }
        assertEquals("{\"streamed\":{\"stream\":1}}", runs.get(1).getFirst().bodyText());
        assertEquals("Stream.Broken", runs.get(1).get(1).errorType().orElseThrow(), "the error trailers reached Lambda");
    }

    @Test
    void anInitErrorIsTheSameThroughTheProxy() throws Exception {
        int port = freePort();
        String broken = BrokenFunction.class.getName() + "::handleRequest";
        RunReport.Init direct;
        RunReport.Init proxied;
        try (Sandbox sandbox = sandbox(false, port, broken).build()) {
            direct = sandbox.init();
        }
        try (Sandbox sandbox = sandbox(true, port, broken).build()) {
            proxied = sandbox.init();
        }
        assertEquals("error", direct.status());
        assertEquals(direct.status(), proxied.status());
        assertEquals(direct.errorType(), proxied.errorType(), "the runtime's init/error reached Lambda through the proxy");
    }

    private List<InvocationResult> invokeAll(boolean wrapped, int port, List<byte[]> events) throws Exception {
        List<InvocationResult> results = new ArrayList<>();
        try (Sandbox sandbox = sandbox(wrapped, port, EchoFunction.HANDLER).build()) {
            results.add(sandbox.invoke(text("\"runtime-api\"")));
            for (byte[] event : events) {
                results.add(sandbox.invoke(event));
            }
            sandbox.shutdown();
        }
        return results;
    }

    private Sandbox.Builder sandbox(boolean wrapped, int proxyPort, String handler) {
        assertTrue(Files.isRegularFile(LAYER), "the layer is built in the package phase: " + LAYER);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Sandbox.Builder builder = Sandbox.builder().layer(LAYER).functionDir(taskRoot)
                .bootstrap(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"),
                        "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler))
                .handler(handler)
                .env("LAMBDASCOPE_PROXY_PORT", Integer.toString(proxyPort))
                .timeout(Duration.ofSeconds(20));
        return wrapped ? builder.env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper") : builder;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
