package io.lambdascope.sandbox.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accepting and counting OTLP/HTTP protobuf payloads, waiting for them, and the run report's shape. */
class OtlpSinkTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private OtlpSink sink;
    private SinkClient client;

    @BeforeEach
    void start() throws Exception {
        sink = OtlpSink.start();
        client = new SinkClient(sink);
    }

    @AfterEach
    void stop() {
        client.close();
        sink.close();
    }

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void keepsEachSignalSentAsProtobuf(boolean gzip) throws Exception {
        ExportTraceServiceRequest traces = Payloads.traces("checkout", 3);
        ExportLogsServiceRequest logs = Payloads.logs("checkout", 4);

        HttpResponse<byte[]> traceAnswer = client.post("/v1/traces", PROTOBUF, traces.toByteArray(), gzip);
        HttpResponse<byte[]> metricAnswer = client.post("/v1/metrics", PROTOBUF + "; charset=binary",
                Payloads.metricsOfEveryKind("billing").toByteArray(), gzip);
        HttpResponse<byte[]> logAnswer = client.post("/v1/logs", PROTOBUF, logs.toByteArray(), gzip);

        for (HttpResponse<byte[]> answer : List.of(traceAnswer, metricAnswer, logAnswer)) {
            assertEquals(200, answer.statusCode());
            assertEquals(PROTOBUF, answer.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(new byte[0], answer.body(), "an empty Export*ServiceResponse");
        }
        SinkContents contents = sink.contents();
        assertEquals(List.of(traces), contents.traceRequests());
        assertEquals(List.of(logs), contents.logRequests());
        assertEquals(List.of("span-0", "span-1", "span-2"), contents.spans().stream().map(s -> s.getName()).toList());
        assertEquals(5, contents.metrics().size());
        assertEquals(4, contents.logRecords().size());
        SinkCounts counts = contents.counts();
        assertEquals(new SinkCounts(3, 3, 0, 0, 3, 9, 4,
                Map.of("traces", new SinkCounts.SignalCounts(1, 3), "metrics", new SinkCounts.SignalCounts(1, 9),
                        "logs", new SinkCounts.SignalCounts(1, 4)),
                Map.of("checkout", new SinkCounts.ServiceCounts(3, 0, 4), "billing", new SinkCounts.ServiceCounts(0, 9, 0))),
                counts);
    }

    @Test
    void warmingUpDecodesEachSignalOnAThrowawaySinkAndLeavesThisOneEmpty() throws Exception {
        // Throws unless the throwaway sink accepted a request of each signal.
        OtlpSink.warmUp();
        assertEquals(0, sink.contents().counts().requests());
    }

    @Test
    void awaitsSpansFromAnotherThread() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> posted =
                client.postAsync("/v1/traces", PROTOBUF, Payloads.traces("a", 2).toByteArray());
        SinkContents contents = sink.awaitSpans(2, WAIT);
        assertEquals(2, contents.spans().size());
        assertEquals(200, posted.get(10, TimeUnit.SECONDS).statusCode());

        client.post("/v1/logs", PROTOBUF, Payloads.logs("a", 1).toByteArray(), false);
        client.post("/v1/metrics", PROTOBUF, Payloads.metricsOfEveryKind("a").toByteArray(), false);
        assertEquals(1, sink.awaitLogRecords(1, WAIT).logRecords().size());
        assertEquals(9, sink.awaitMetricPoints(9, WAIT).counts().metricPoints());
        assertEquals(3, sink.awaitRequests(3, WAIT).counts().requests());
    }

    @Test
    void awaitFailsWithWhatTheSinkHolds() throws Exception {
        client.post("/v1/logs", PROTOBUF, Payloads.logs("a", 1).toByteArray(), false);
        TimeoutException e = assertThrows(TimeoutException.class, () -> sink.awaitSpans(1, Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("1 log records"), e.getMessage());
    }

    @Test
    void clearForgetsEverything() throws Exception {
        client.post("/v1/traces", PROTOBUF, Payloads.traces("a", 2).toByteArray(), false);
        sink.clear();
        assertEquals(0, sink.contents().spans().size());
        assertEquals(0, sink.counts().requests());
        assertTrue(sink.counts().services().isEmpty());
    }

    @Test
    void rejectsOtherPathsMethodsAndContentTypes() throws Exception {
        byte[] body = Payloads.traces("a", 1).toByteArray();
        HttpResponse<byte[]> unknown = client.post("/v1/profiles", PROTOBUF, body, false);
        HttpResponse<byte[]> text = client.post("/v1/traces", "text/plain", body, false);
        HttpResponse<byte[]> deflate = client.sendBytes(client.request("/v1/traces", PROTOBUF, body, false)
                .header("Content-Encoding", "br").build());
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(sink.endpoint() + "/v1/traces")).build());

        assertEquals(404, unknown.statusCode());
        assertEquals(415, text.statusCode());
        assertEquals(415, deflate.statusCode());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("allow").orElseThrow());
        assertEquals(4, sink.counts().rejected());
        assertEquals(4, sink.counts().requests());
        assertEquals(0, sink.counts().accepted());
    }

    @Test
    void answers400WithAStatusForUndecodableProtobuf() throws Exception {
        HttpResponse<byte[]> garbage = client.post("/v1/traces", PROTOBUF, new byte[] {(byte) 0xff, 0x01, 0x02}, false);
        HttpResponse<byte[]> notGzip = client.sendBytes(client.request("/v1/logs", PROTOBUF, new byte[] {1, 2, 3}, false)
                .header("Content-Encoding", "gzip").build());

        for (HttpResponse<byte[]> answer : List.of(garbage, notGzip)) {
            assertEquals(400, answer.statusCode());
            assertEquals(PROTOBUF, answer.headers().firstValue("content-type").orElseThrow());
            // google.rpc.Status: field 1 (code) = 3 INVALID_ARGUMENT, then field 2 (message)
            assertEquals(0x08, answer.body()[0]);
            assertEquals(3, answer.body()[1]);
            assertEquals(0x12, answer.body()[2]);
        }
        assertEquals(2, sink.counts().rejected());
        assertTrue(sink.contents().logRequests().isEmpty());
    }

    @Test
    void bindsLoopbackOnly() throws Exception {
        assertTrue(sink.address().getAddress().isLoopbackAddress());
        assertTrue(sink.endpoint().startsWith("http://127.0.0.1:"), sink.endpoint());
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && a instanceof Inet4Address)
                .findFirst();
        assumeTrue(external.isPresent(), "no non-loopback IPv4 address to try");
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class,
                    () -> socket.connect(new InetSocketAddress(external.get(), sink.port()), 5_000));
        }
    }

    @Test
    void countsSerialiseForTheRunReport() throws Exception {
        client.post("/v1/traces", PROTOBUF, Payloads.traces("checkout", 2).toByteArray(), false);
        client.post("/v1/traces", "text/plain", new byte[0], false);

        JsonNode report = new ObjectMapper().valueToTree(sink.counts());

        assertEquals(2, report.get("requests").asLong());
        assertEquals(1, report.get("rejected").asLong());
        assertEquals(2, report.get("spans").asLong());
        assertEquals(0, report.get("metricPoints").asLong());
        assertEquals(2, report.at("/signals/traces/items").asLong());
        assertEquals(2, report.at("/services/checkout/spans").asLong());
        assertTrue(sink.summary().contains("2 requests (1 accepted, 1 rejected, 0 faulted); 2 spans"), sink.summary());
    }
}
