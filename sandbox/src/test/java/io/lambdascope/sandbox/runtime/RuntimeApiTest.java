package io.lambdascope.sandbox.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.http.RawHttp;
import io.lambdascope.sandbox.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API on a real server, driven over a socket the way a runtime drives it. */
class RuntimeApiTest {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeApi api;
    private HttpServer server;
    private String address;

    @BeforeEach
    void start() throws IOException {
        api = new RuntimeApi(InstantSource.system());
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            if (!api.handle(exchange)) {
                exchange.respond(404, "text/plain", "not the Runtime API".getBytes(StandardCharsets.UTF_8));
            }
        });
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    private RawHttp client() throws IOException {
        return new RawHttp(address, BOUND);
    }

    private static Invocation.Request request(String id, String event) {
        return new Invocation.Request(id, event.getBytes(StandardCharsets.UTF_8), 1_700_000_003_000L,
                "arn:aws:lambda:eu-west-1:123456789012:function:orders",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
                Optional.of("{\"custom\":{\"tenant\":\"blue\"}}"), Optional.of("{\"cognitoIdentityId\":\"eu-west-1:abc\"}"));
    }

    private static String answer(String id, String kind) {
        return "/2018-06-01/runtime/invocation/" + id + "/" + kind;
    }

    private Invocation submittedAndFetched(String id) throws IOException {
        Invocation invocation = api.submit(request(id, "{\"n\":1}"));
        try (RawHttp http = client()) {
            assertEquals(200, http.exchange("GET", NEXT, Map.of(), new byte[0]).status());
        }
        return invocation;
    }

    @Test
    void nextHandsOutTheEventWithLambdasHeaders() throws Exception {
        Invocation invocation = api.submit(request("req-1", "{\"path\":\"/orders\"}"));
        try (RawHttp http = client()) {
            RawHttp.Response next = http.exchange("GET", NEXT, Map.of(), new byte[0]);
            assertEquals(200, next.status());
            assertEquals("{\"path\":\"/orders\"}", next.text());
            assertEquals("application/json", next.header("Content-Type"));
            assertEquals("req-1", next.header("Lambda-Runtime-Aws-Request-Id"));
            assertEquals("1700000003000", next.header("Lambda-Runtime-Deadline-Ms"));
            assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:orders",
                    next.header("Lambda-Runtime-Invoked-Function-Arn"));
            assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
                    next.header("Lambda-Runtime-Trace-Id"));
            assertEquals("{\"custom\":{\"tenant\":\"blue\"}}", next.header("Lambda-Runtime-Client-Context"));
            assertEquals("{\"cognitoIdentityId\":\"eu-west-1:abc\"}", next.header("Lambda-Runtime-Cognito-Identity"));
        }
        assertTrue(invocation.received().isPresent());
        assertTrue(api.firstNext().isDone());
    }

    @Test
    void leavesOutClientContextAndIdentityWhenTheInvocationHasNone() throws Exception {
        api.submit(new Invocation.Request("req-2", new byte[0], 1L, "arn", "Root=1-00000000-000000000000000000000000",
                Optional.empty(), Optional.empty()));
        try (RawHttp http = client()) {
            RawHttp.Response next = http.exchange("GET", NEXT, Map.of(), new byte[0]);
            assertEquals("req-2", next.header("Lambda-Runtime-Aws-Request-Id"));
            assertFalse(next.headers().containsKey("lambda-runtime-client-context"));
            assertFalse(next.headers().containsKey("lambda-runtime-cognito-identity"));
        }
    }

    @Test
    void nextWaitsForAnInvocationAndMarksTheEndOfInit() throws Exception {
        CompletableFuture<RawHttp.Response> next = CompletableFuture.supplyAsync(() -> {
            try (RawHttp http = client()) {
                return http.exchange("GET", NEXT, Map.of(), new byte[0]);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        api.firstNext().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertFalse(next.isDone(), "next answered before any invocation was submitted");
        api.submit(request("req-3", "{}"));
        assertEquals("req-3", next.get(BOUND.toSeconds(), TimeUnit.SECONDS).header("Lambda-Runtime-Aws-Request-Id"));
    }

    @Test
    void closingEndsALongPollWithoutAnAnswer() throws Exception {
        try (RawHttp http = client()) {
            http.head("GET", NEXT, Map.of());
            api.firstNext().get(BOUND.toSeconds(), TimeUnit.SECONDS);
            api.close();
            assertThrows(IOException.class, http::read);
        }
    }

    @Test
    void aBufferedResponseIsAcceptedWith202() throws Exception {
        Invocation invocation = submittedAndFetched("req-4");
        try (RawHttp http = client()) {
            RawHttp.Response answered = http.exchange("POST", answer("req-4", "response"), Map.of(),
                    "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
            assertEquals(202, answered.status());
            assertEquals("OK", JSON.readTree(answered.body()).get("status").asText());
        }
        Invocation.Outcome.Response response = assertInstanceOf(Invocation.Outcome.Response.class,
                invocation.outcome().getNow(null));
        assertEquals("{\"statusCode\":200}", new String(response.body(), StandardCharsets.UTF_8));
        assertFalse(response.streamed());
        assertEquals(18, invocation.producedBytes());
        assertTrue(invocation.responseStarted().isPresent());
    }

    @Test
    void anErrorIsAcceptedWith202AndKeepsItsType() throws Exception {
        Invocation invocation = submittedAndFetched("req-5");
        byte[] body = "{\"errorMessage\":\"no stock\",\"errorType\":\"OutOfStock\"}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = client()) {
            assertEquals(202, http.exchange("POST", answer("req-5", "error"),
                    Map.of("Lambda-Runtime-Function-Error-Type", "Function.OutOfStock"), body).status());
        }
        Invocation.Outcome.Error error = assertInstanceOf(Invocation.Outcome.Error.class, invocation.outcome().getNow(null));
        assertEquals("error", error.status());
        assertEquals("Function.OutOfStock", error.errorType());
        assertArrayEquals(body, error.body());
    }

    @Test
    void anErrorWithoutATypeIsUnhandled() throws Exception {
        Invocation invocation = submittedAndFetched("req-6");
        try (RawHttp http = client()) {
            assertEquals(202, http.exchange("POST", answer("req-6", "error"), Map.of(), "{}".getBytes()).status());
        }
        assertEquals("Unhandled", ((Invocation.Outcome.Error) invocation.outcome().getNow(null)).errorType());
    }

    @Test
    void anAnswerForAnUnknownOrAnsweredRequestIs400() throws Exception {
        submittedAndFetched("req-7");
        try (RawHttp http = client()) {
            RawHttp.Response unknown = http.exchange("POST", answer("no-such-request", "response"), Map.of(), "{}".getBytes());
            assertEquals(400, unknown.status());
            assertEquals("InvalidRequestID", JSON.readTree(unknown.body()).get("errorType").asText());
            assertEquals(202, http.exchange("POST", answer("req-7", "response"), Map.of(), "1".getBytes()).status());
            assertEquals(400, http.exchange("POST", answer("req-7", "response"), Map.of(), "2".getBytes()).status());
            assertEquals(400, http.exchange("POST", answer("req-7", "error"), Map.of(), "{}".getBytes()).status());
        }
    }

    @Test
    void aBufferedResponseOfExactlySixMegabytesIsAccepted() throws Exception {
        Invocation invocation = submittedAndFetched("req-8");
        try (RawHttp http = client()) {
            byte[] body = new byte[(int) RuntimeApi.MAX_BUFFERED_RESPONSE];
            assertEquals(202, http.exchange("POST", answer("req-8", "response"), Map.of(), body).status());
        }
        assertEquals(RuntimeApi.MAX_BUFFERED_RESPONSE, invocation.producedBytes());
    }

    @Test
    void aBufferedResponseOverSixMegabytesIs413AndFailsTheInvocation() throws Exception {
        Invocation invocation = submittedAndFetched("req-9");
        try (RawHttp http = client()) {
            // As curl sends a large body: the length first, the body only after 100 Continue.
            http.head("POST", answer("req-9", "response"), Map.of("Content-Length",
                    Long.toString(RuntimeApi.MAX_BUFFERED_RESPONSE + 1), "Expect", "100-continue"));
            RawHttp.Response refused = http.read();
            assertEquals(413, refused.status());
            assertEquals("RequestEntityTooLarge", JSON.readTree(refused.body()).get("errorType").asText());
        }
        Invocation.Outcome.Error error = assertInstanceOf(Invocation.Outcome.Error.class, invocation.outcome().getNow(null));
        assertEquals("Function.ResponseSizeTooLarge", error.errorType());
    }

    @Test
    void aStreamedResponseIsReassembledFromItsChunks() throws Exception {
        Invocation invocation = submittedAndFetched("req-10");
        try (RawHttp http = client()) {
            RawHttp.Response answered = http.chunked("POST", answer("req-10", "response"),
                    Map.of("Lambda-Runtime-Function-Response-Mode", "streaming"),
                    List.of("hello ".getBytes(), "streamed ".getBytes(), "world".getBytes()), Map.of());
            assertEquals(202, answered.status());
        }
        Invocation.Outcome.Response response = assertInstanceOf(Invocation.Outcome.Response.class,
                invocation.outcome().getNow(null));
        assertEquals("hello streamed world", new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(response.streamed());
        assertEquals(20, invocation.producedBytes());
    }

    @Test
    void errorTrailersEndAStreamedResponseWithAnError() throws Exception {
        Invocation invocation = submittedAndFetched("req-11");
        String errorDocument = "{\"errorMessage\":\"lost the upstream\",\"errorType\":\"Upstream\"}";
        try (RawHttp http = client()) {
            RawHttp.Response answered = http.chunked("POST", answer("req-11", "response"),
                    Map.of("Lambda-Runtime-Function-Response-Mode", "streaming",
                            "Trailer", "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"),
                    List.of("partial ".getBytes()),
                    Map.of("Lambda-Runtime-Function-Error-Type", "Function.Upstream",
                            "Lambda-Runtime-Function-Error-Body",
                            Base64.getEncoder().encodeToString(errorDocument.getBytes(StandardCharsets.UTF_8))));
            assertEquals(202, answered.status());
        }
        Invocation.Outcome.Error error = assertInstanceOf(Invocation.Outcome.Error.class, invocation.outcome().getNow(null));
        assertEquals("error", error.status());
        assertEquals("Function.Upstream", error.errorType());
        assertEquals(errorDocument, new String(error.body(), StandardCharsets.UTF_8));
        assertEquals(8, invocation.producedBytes());
    }

    @Test
    void anErrorBodyTrailerThatIsNotBase64IsKeptAsItCame() throws Exception {
        Invocation invocation = submittedAndFetched("req-12");
        try (RawHttp http = client()) {
            http.chunked("POST", answer("req-12", "response"), Map.of("Lambda-Runtime-Function-Response-Mode", "streaming"),
                    List.of(), Map.of("Lambda-Runtime-Function-Error-Type", "Function.Broken",
                            "Lambda-Runtime-Function-Error-Body", "plain words!"));
        }
        Invocation.Outcome.Error error = (Invocation.Outcome.Error) invocation.outcome().getNow(null);
        assertEquals("plain words!", new String(error.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aMalformedStreamIs400AndTheInvocationStaysOpenForAnAnswer() throws Exception {
        Invocation invocation = submittedAndFetched("req-13");
        try (RawHttp http = client()) {
            http.head("POST", answer("req-13", "response"), Map.of("Lambda-Runtime-Function-Response-Mode", "streaming",
                    "Transfer-Encoding", "chunked"));
            http.send("zz\r\nnot a chunk\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(400, http.read().status());
        }
        assertFalse(invocation.outcome().isDone());
        try (RawHttp http = client()) {
            assertEquals(202, http.exchange("POST", answer("req-13", "response"), Map.of(), "fine".getBytes()).status());
        }
        assertEquals("fine", new String(((Invocation.Outcome.Response) invocation.outcome().getNow(null)).body()));
    }

    @Test
    void initErrorIsAcceptedAndReported() throws Exception {
        byte[] body = "{\"errorMessage\":\"missing TABLE_NAME\",\"errorType\":\"Config\"}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp http = client()) {
            assertEquals(202, http.exchange("POST", "/2018-06-01/runtime/init/error",
                    Map.of("Lambda-Runtime-Function-Error-Type", "Runtime.ConfigError"), body).status());
        }
        RuntimeApi.ReportedError reported = api.initError().getNow(null);
        assertEquals("Runtime.ConfigError", reported.errorType());
        assertArrayEquals(body, reported.body());
    }

    @Test
    void otherRuntimeRoutesAre404AndOtherPathsAreNotItsOwn() throws Exception {
        try (RawHttp http = client()) {
            RawHttp.Response wrongMethod = http.exchange("POST", NEXT, Map.of(), new byte[0]);
            assertEquals(404, wrongMethod.status());
            JsonNode error = JSON.readTree(wrongMethod.body());
            assertEquals("NotFound", error.get("errorType").asText());
            assertEquals("not the Runtime API",
                    http.exchange("GET", "/2020-01-01/extension/event/next", Map.of(), new byte[0]).text());
        }
    }
}
