package io.lambdascope.samples.otel;

import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.sink.OtlpSink;
import io.lambdascope.sandbox.sink.SinkContents;
import io.lambdascope.sandbox.sink.SinkCounts;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged function folder in the sandbox, started by the real runtime interface client and
 * frozen after every answer, as on Lambda, with its SDK pointed at an OTLP sink through
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} alone. The sink is read right after each answer, while the
 * function is frozen: what it holds then was exported before the answer.
 */
class SandboxIT {

    private static final Path FUNCTION = Path.of("target", "function").toAbsolutePath();
    private static final String HANDLER = OrderHandler.class.getName() + "::handleRequest";

    @Test
    void everyInvocationExportsItsSpansMetricAndLogRecordBeforeTheFunctionIsFrozen() throws Exception {
        String event;
        try (InputStream in = getClass().getResourceAsStream("/events/post-order.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Queue<String> output = new ConcurrentLinkedQueue<>();

        try (OtlpSink sink = OtlpSink.start();
             Sandbox sandbox = Sandbox.builder()
                     .functionDir(FUNCTION)
                     .handler(HANDLER)
                     .functionName("java-otel-function")
                     .env("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint())
                     .timeout(Duration.ofSeconds(10))
                     .output((process, line) -> output.add(process + ": " + line))
                     .build()) {
            for (int i = 1; i <= 3; i++) {
                InvocationResult result = sandbox.invoke(event);

                assertTrue(result.succeeded(), () -> result.status() + " " + result.bodyText() + "\n" + String.join("\n", output));
                SinkCounts counts = sink.counts();
                assertEquals(2L * i, counts.spans(), "spans after invocation " + i);
                assertEquals(i, counts.logRecords(), "log records after invocation " + i);
                assertEquals(i, counts.signals().get("metrics").requests(), "metric exports after invocation " + i);
            }

            SinkContents contents = sink.contents();
            List<Span> handled = contents.spans().stream().filter(s -> s.getName().equals(OrderHandler.HANDLE_SPAN)).toList();
            List<LogRecord> logs = contents.logRecords();
            for (int i = 0; i < 3; i++) {
                assertEquals(handled.get(i).getTraceId(), logs.get(i).getTraceId(), "invocation " + (i + 1));
            }
            assertTrue(contents.metrics().stream().anyMatch(m -> m.getName().equals(OrderHandler.ORDERS_METRIC)));
            // No OTEL_SERVICE_NAME: the function's name is the service.
            assertEquals(List.of("java-otel-function"), List.copyOf(sink.counts().services().keySet()));
        }
    }
}
