package io.lambdascope.extension.sandbox;

import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.sink.SinkContents;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code samples/provided-bash-function}, a custom runtime in sh and curl that Lambda does not
 * wrap: its bootstrap routes itself through the layer's wrapper, and its invocations are captured
 * like a managed runtime's.
 */
class ProvidedRuntimeIT {

    private static final Path LAYER = Path.of("target/layers/lambdascope-extension-x86_64.zip").toAbsolutePath();
    private static final Path FUNCTION = Path.of("../samples/provided-bash-function").toAbsolutePath();
    private static final String EVENT = """
            {"version":"2.0","routeKey":"GET /orders/{id}","rawPath":"/orders/42","rawQueryString":"",
             "headers":{"host":"api.example.com","user-agent":"curl/8.5.0"},
             "requestContext":{"domainName":"api.example.com","http":{"method":"GET","path":"/orders/42",
             "protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"curl/8.5.0"},"requestId":"r1",
             "routeKey":"GET /orders/{id}","stage":"$default"},"isBase64Encoded":false}
            """;

    @Test
    void theCustomRuntimeIsCapturedThroughItsOwnWrapperCall() throws Exception {
        assertTrue(Files.isRegularFile(LAYER), "the layer is built in the package phase: " + LAYER);
        assertTrue(Files.isExecutable(FUNCTION.resolve("bootstrap")), FUNCTION + "/bootstrap");
        List<InvocationResult> results = new ArrayList<>();
        SinkContents contents;
        try (Sandbox sandbox = Sandbox.builder().layer(LAYER).functionDir(FUNCTION).handler("function.handler")
                .customRuntime(true)
                .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper")
                .env("LAMBDASCOPE_PROXY_PORT", Integer.toString(freePort()))
                .timeout(Duration.ofSeconds(10)).otlpSink(true).build()) {
            for (int i = 0; i < 3; i++) {
                InvocationResult result = sandbox.invoke(EVENT);
                assertEquals("success", result.status(), result.bodyText());
                assertTrue(result.bodyText().contains("/orders/42"), result.bodyText());
                results.add(result);
            }
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
        }
        for (InvocationResult result : results) {
            List<Span> spans = contents.spans().stream()
                    .filter(span -> Telemetry.attribute(span.getAttributesList(), "faas.invocation_id").orElse("").equals(result.requestId()))
                    .toList();
            assertEquals(1, spans.size(), "one span per invocation: " + spans);
            Span span = spans.getFirst();
            assertEquals("GET /orders/{id}", span.getName());
            assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
            assertEquals(200, span.getAttributesList().stream().filter(kv -> kv.getKey().equals("http.response.status_code"))
                    .findFirst().orElseThrow(() -> new AssertionError("no status code: " + span)).getValue().getIntValue());
            LogRecord line = contents.logRecords().stream()
                    .filter(record -> record.getBody().getStringValue().contains("handling /orders/42"))
                    .filter(record -> record.getSpanId().equals(span.getSpanId()))
                    .findFirst().orElseThrow(() -> new AssertionError("the handler's line is not in its invocation's span"));
            assertEquals(span.getTraceId(), line.getTraceId());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
