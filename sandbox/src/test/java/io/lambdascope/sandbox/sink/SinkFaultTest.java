package io.lambdascope.sandbox.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault mode, as an exporter sees it, and what the sink keeps and counts meanwhile. */
class SinkFaultTest {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] TRACES = Payloads.traces("a", 1).toByteArray();

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

    private int post() throws Exception {
        return client.post("/v1/traces", PROTOBUF, TRACES, false).statusCode();
    }

    @Test
    void answersAStatusForTheNextRequestsThenAccepts() throws Exception {
        sink.fault(Fault.status(503).times(2));

        assertEquals(503, post());
        assertEquals(503, post());
        assertEquals(200, post());
        assertEquals(Fault.NONE, sink.currentFault());
        SinkCounts counts = sink.counts();
        assertEquals(3, counts.requests());
        assertEquals(2, counts.faulted());
        assertEquals(1, counts.accepted());
        assertEquals(1, counts.spans(), "faulted payloads are not kept");
        assertEquals(1, sink.contents().traceRequests().size());
    }

    @Test
    void answers429WithRetryAfterAndAStatusInTheRequestEncoding() throws Exception {
        sink.fault("429,retry-after=2");

        HttpResponse<byte[]> answer = client.post("/v1/logs", "application/json", "{}");

        assertEquals(429, answer.statusCode());
        assertEquals("2", answer.headers().firstValue("retry-after").orElseThrow());
        JsonNode status = new ObjectMapper().readTree(answer.body());
        assertEquals(8, status.get("code").asInt(), "RESOURCE_EXHAUSTED");
        assertEquals(429, post(), "a fault without a count stays");
        sink.clearFault();
        assertEquals(200, post());
    }

    @Test
    void delayedAcceptanceKeepsThePayload() throws Exception {
        sink.fault(Fault.delay(Duration.ofMillis(50)).times(1));
        assertEquals(200, post());
        sink.fault(Fault.status(500).delayed(Duration.ofMillis(50)));
        assertEquals(500, post());
        assertEquals(1, sink.counts().accepted());
        assertEquals(1, sink.counts().faulted());
    }

    @Test
    void resetClosesTheConnectionWithoutAnAnswer() throws Exception {
        sink.fault(Fault.reset().times(1));

        assertThrows(IOException.class, this::post);
        assertEquals(200, post());
        assertEquals(1, sink.counts().faulted());
        assertEquals(1, sink.contents().traceRequests().size());
    }

    @Test
    void neverAnswersUntilTheFaultIsCleared() throws Exception {
        sink.fault(Fault.neverAnswer());
        CompletableFuture<HttpResponse<byte[]>> held = client.postAsync("/v1/traces", PROTOBUF, TRACES);

        sink.await(c -> c.counts().faulted() == 1, WAIT);
        assertFalse(held.isDone(), "the request is held, not answered");
        sink.clearFault();

        ExecutionException e = assertThrows(ExecutionException.class, () -> held.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(200, post());
        assertEquals(1, sink.counts().spans(), "only the request after the fault is kept");
    }

    @Test
    void neverAnswerEndsWhenTheSinkCloses() throws Exception {
        sink.fault("never-answer");
        CompletableFuture<HttpResponse<byte[]>> held = client.postAsync("/v1/traces", PROTOBUF, TRACES);
        sink.await(c -> c.counts().faulted() == 1, WAIT);

        sink.close();

        ExecutionException e = assertThrows(ExecutionException.class, () -> held.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void summaryNamesTheFaultInForce() throws Exception {
        sink.fault("503,times=3,delay=10ms");
        assertEquals(503, post());
        assertTrue(sink.summary().endsWith("; fault: 503,times=2,delay=10ms"), sink.summary());
        assertTrue(sink.summary().contains("1 requests (0 accepted, 0 rejected, 1 faulted)"), sink.summary());
    }
}
