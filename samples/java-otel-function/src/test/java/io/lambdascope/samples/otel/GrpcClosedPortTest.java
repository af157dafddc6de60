package io.lambdascope.samples.otel;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler configured for gRPC with no collector behind the endpoint: telemetry that cannot be
 * exported must neither fail an invocation nor hold it past the flush bound.
 */
class GrpcClosedPortTest {

    /**
     * The flush bound, and time for the handler's own work on a busy machine: still well short of
     * the exporter's own 10 s timeout and its retries, which an unbounded flush would wait out.
     * (Named through FunctionTelemetry: touching OrderHandler's statics here would configure its
     * SDK before the test has set the properties.)
     */
    private static final Duration MOST = FunctionTelemetry.FLUSH_TIMEOUT.plusMillis(2500);

    private static OrderHandler handler;

    @BeforeAll
    static void configureGrpcToAClosedPort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        System.setProperty("otel.exporter.otlp.protocol", "grpc");
        System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port);
        handler = new OrderHandler();
    }

    @Test
    void everyInvocationAnswersWithinTheFlushBound() {
        for (int i = 1; i <= 2; i++) {
            FakeContext context = new FakeContext("grpc-closed-port-" + i);
            long start = System.nanoTime();

            APIGatewayV2HTTPResponse response = handler.handleRequest(new APIGatewayV2HTTPEvent(), context);

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(200, response.getStatusCode());
            assertTrue(took.compareTo(MOST) <= 0, "invocation " + i + " took " + took.toMillis() + " ms");
            assertTrue(context.logged().contains("could not export all telemetry within 2000 ms\n"), context.logged()::toString);
        }
    }
}
