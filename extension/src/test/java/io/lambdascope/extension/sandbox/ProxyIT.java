package io.lambdascope.extension.sandbox;

import io.lambdascope.extension.capture.FixtureSpans;
import io.lambdascope.extension.proxy.Upstream;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * Every fixture of the corpus goes through the real extension; HTTP events are answered with a
     * response of their API's shape. The sink must hold one span per invocation (the platform's and
     * the captured one merged) with what {@link FixtureSpans} expects of the trigger and what the
     * answer said, and no credential, redacted query value or body anywhere in its bytes or in the
     * extension's log.
     */
    @Test
    void everyEventIsOneSpanWithItsTriggersAttributesAndNoSecret() throws Exception {
        Path folder = Path.of(System.getProperty("lambdascope.fixtures", ""), "events");
        assumeTrue(Files.isDirectory(folder), "no event fixtures at " + folder + "; skipped");
        List<String> fixtures = FixtureSpans.names().stream().sorted().toList();
        List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());
        List<InvocationResult> results = new ArrayList<>();
        SinkContents contents;
        try (Sandbox sandbox = sandbox(true, freePort(), EchoFunction.HANDLER)
                .env("ECHO_HTTP_ANSWERS", folder.toString()).env("LAMBDASCOPE_REDACT_QUERY", "query")
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
        }
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < fixtures.size(); i++) {
            String fixture = fixtures.get(i);
            String requestId = results.get(i).requestId();
            List<Span> spans = contents.spans().stream()
                    .filter(span -> Telemetry.attribute(span.getAttributesList(), "faas.invocation_id").orElse("").equals(requestId))
                    .toList();
            assertEquals(1, spans.size(), fixture + ": the platform's span and the captured one are one: " + spans);
            Span span = spans.getFirst();
            assertTrue(span.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals("faas.coldstart")),
                    fixture + ": the platform's attributes are there too: " + span);
            if (FixtureSpans.trigger(fixture).isEmpty()) {
                assertTrue(Telemetry.attribute(span.getAttributesList(), "faas.trigger").isEmpty(), fixture + " is no event: " + span);
                continue;
            }
            assertTrue(Telemetry.attribute(span.getAttributesList(), "faas.trigger").isPresent(), fixture + ": captured and merged; "
                    + contents.metrics().stream().filter(m -> m.getName().equals("lambdascope.capture.skipped")).toList());
            FixtureSpans.assertSpan(fixture, span, fixture.equals("alb-get-query-and-body.json")
                    ? Map.of("url.query", "query=" + Secrets.REDACTED) : Map.of());
            JsonNode event = JSON.readTree(folder.resolve(fixture).toFile());
            secrets.addAll(Secrets.ofRequest(event));
            if (Telemetry.attribute(span.getAttributesList(), "faas.trigger").orElseThrow().equals("http")) {
                JsonNode answer = JSON.readTree(results.get(i).body());
                assertEquals(answer.get("statusCode").asText(),
                        Telemetry.text(span.getAttributesList(), "http.response.status_code").orElse("none"), fixture);
                assertEquals(List.of(Secrets.REDACTED, Secrets.REDACTED), Telemetry.strings(span.getAttributesList(),
                        "http.response.header.set-cookie"), fixture + ": the answer's two cookies, redacted");
                secrets.addAll(Secrets.ofAnswer(answer));
            }
        }
        String everything = contents.toString() + String.join("\n", extensionLog);
        assertTrue(secrets.size() >= 20, "the corpus has credentials, queries and bodies to look for: " + secrets);
        for (String secret : secrets) {
            assertTrue(!everything.contains(secret), "reached the sink or the extension's log: " + secret);
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
        assertFalse(Files.exists(Upstream.file(port)), "the extension leaves no note of the proxy's upstream in /tmp at SHUTDOWN");
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
