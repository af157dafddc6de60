package io.lambdascope.extension.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdascope.extension.telemetry.SandboxHost;
import io.lambdascope.sandbox.Sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A function for the pipeline's tests and the fault soak, run by the real Lambda Java runtime interface client: it writes
 * {@code lines} log lines naming its request id, then sends what {@code probes} asks to the
 * extension's local ports (a gzip bomb or an oversize body to the OTLP receiver, one valid OTLP
 * log record, malformed batches to the Telemetry API listener), then answers, fails, overruns its
 * timeout or makes its runtime exit, as {@code outcome} says. A successful answer is
 * {@code {"requestId":…,"lines":…}} with each probe's HTTP status added.
 */
public final class SoakFunction implements RequestStreamHandler {

    /** The handler string the runtime is started with. */
    public static final String HANDLER = SoakFunction.class.getName() + "::handleRequest";

    /** The body of the OTLP log record the {@code otlp-log} probe sends; its request id follows. */
    public static final String SDK_RECORD = "sdk record of ";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * This function with the built x86_64 layer, in a task root of its own, its runtime started
     * through the layer's exec wrapper.
     */
    static Sandbox.Builder withLayer(Path taskRoot) {
        Path layer = SampleFunction.LAYER;
        assertTrue(Files.isRegularFile(layer), "the layer is built in the package phase: " + layer);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Sandbox.builder().layer(layer).functionDir(taskRoot)
                .bootstrap(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"),
                        "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER))
                .handler(HANDLER)
                .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        int lines = event.path("lines").asInt(20);
        for (int i = 1; i <= lines; i++) {
            System.out.println("line " + i + " of " + context.getAwsRequestId());
        }
        System.out.flush();
        ObjectNode answer = JSON.createObjectNode().put("requestId", context.getAwsRequestId()).put("lines", lines);
        for (JsonNode probe : event.path("probes")) {
            answer.put(probe.asText(), probe(probe.asText(), context.getAwsRequestId()));
        }
        switch (event.path("outcome").asText("success")) {
            case "error" -> throw new IllegalStateException("asked to fail");
            case "crash" -> Runtime.getRuntime().halt(3);
            case "timeout" -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> output.write(JSON.writeValueAsBytes(answer));
        }
    }

    private static int probe(String probe, String requestId) throws IOException {
        String receiver = "http://127.0.0.1:" + System.getenv().getOrDefault("LAMBDASCOPE_OTLP_HTTP_PORT", "4318") + "/v1/logs";
        String listener = SandboxHost.from(SandboxHost.HOSTS)
                .destination(Integer.parseInt(System.getenv().getOrDefault("LAMBDASCOPE_TELEMETRY_PORT", "4243"))).toString();
        return switch (probe) {
            // 64 MiB of zeros in about 64 KiB: the receiver must stop inflating at its bound.
            case "gzip-bomb" -> post(receiver, gzip(new byte[64 << 20]), "application/json", true);
            case "oversize" -> post(receiver, new byte[(4 << 20) + 1], "application/json", false);
            case "otlp-log" -> post(receiver, ("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\""
                    + SDK_RECORD + requestId + "\"}}]}]}]}").getBytes(StandardCharsets.UTF_8), "application/json", false);
            case "malformed-telemetry" -> post(listener, "[{\"time\":".getBytes(StandardCharsets.UTF_8), "application/json", false);
            case "not-an-array" -> post(listener, "{\"type\":\"function\"}".getBytes(StandardCharsets.UTF_8), "application/json", false);
            default -> throw new IllegalArgumentException("unknown probe " + probe);
        };
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        }
        return out.toByteArray();
    }

    private static int post(String url, byte[] body, String type, boolean gzip) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            // A server may close the connection on a body it refuses before reading it all.
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
