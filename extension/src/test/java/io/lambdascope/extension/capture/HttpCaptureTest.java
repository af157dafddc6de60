package io.lambdascope.extension.capture;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.ByteString;
import io.lambdascope.extension.json.Utf8;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static io.lambdascope.extension.capture.Captures.attributes;
import static io.lambdascope.extension.capture.Captures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP events: bodies, base64, multi-value headers, the caller's context, statuses and errors. */
class HttpCaptureTest {

    private static final String V2 = """
            {"version":"2.0","routeKey":"POST /items/{id}","rawPath":"/items/7","rawQueryString":"",
             "headers":{%s},"body":%s,"isBase64Encoded":%s,
             "requestContext":{"http":{"method":"POST","path":"/items/7","protocol":"HTTP/1.1","sourceIp":"10.0.0.1"},
                               "domainName":"api.example.com"}}
            """;

    private static String v2(String headers, String body, boolean base64) {
        return V2.formatted(headers, body, base64);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void spanIsAnHttpServerSpanNamedByMethodAndRoute() {
        Span span = Captures.started(Captures.capture(), v2("", "null", false)).response(bytes("{\"statusCode\":201}"));
        assertEquals("POST /items/{id}", span.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
        assertEquals(Captures.START, span.getStartTimeUnixNano());
        assertEquals(Captures.END, span.getEndTimeUnixNano());
        Map<String, Object> attributes = attributes(span);
        assertEquals("/items/{id}", attributes.get("http.route"));
        assertEquals(201L, attributes.get("http.response.status_code"));
        assertEquals("10.0.0.1", attributes.get("client.address"));
        assertEquals("api.example.com", attributes.get("server.address"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, span.getStatus().getCode());
    }

    @Test
    void bodiesOffRecordNoBodyText() {
        Span span = Captures.started(Captures.capture(), fixture("apigw-v2-http-post-jwt-cookies.json"))
                .response(fixture("apigw-v2-response-cookies.json"));
        Map<String, Object> attributes = attributes(span);
        assertTrue(attributes.keySet().stream().noneMatch(key -> key.startsWith("lambdascope.")), attributes.toString());
        assertEquals(45L, attributes.get("http.request.body.size"));
        assertEquals(16L, attributes.get("http.response.body.size"));
    }

    @Test
    void bodiesOnAreRecordedWhole() {
        Span span = Captures.started(Captures.capture(true, 8192, List.of(), List.of()), fixture("apigw-v2-http-post-jwt-cookies.json"))
                .response(fixture("apigw-v2-response-cookies.json"));
        Map<String, Object> attributes = attributes(span);
        assertEquals("{\"message\": \"hello world\", \"username\": \"tom\"}", attributes.get("lambdascope.http.request.body"));
        assertEquals("{\"message\":\"OK\"}", attributes.get("lambdascope.http.response.body"));
        assertNull(attributes.get("lambdascope.http.request.body.truncated"));
    }

    @Test
    void bodiesAreCutToTheCapOnACharacterBoundary() {
        // "é" is 2 bytes and "😀" 4: a cut at 6 bytes must not split the emoji that spans bytes 5 to 8.
        Span span = Captures.started(Captures.capture(true, 6, List.of(), List.of()), v2("", "\"aéb😀cd\"", false))
                .response(bytes("{\"statusCode\":200,\"body\":\"0123456789\"}"));
        Map<String, Object> attributes = attributes(span);
        assertEquals("aéb", attributes.get("lambdascope.http.request.body"));
        assertEquals(true, attributes.get("lambdascope.http.request.body.truncated"));
        assertEquals(10L, attributes.get("http.request.body.size"));
        assertEquals("012345", attributes.get("lambdascope.http.response.body"));
        assertEquals(10L, attributes.get("http.response.body.size"));
    }

    @Test
    void longBodiesAreMeasuredAndCutAsTheirWholeTextWouldBe() {
        // Long enough to be read from the event where it stands, in pieces of 8,192 chars: the emoji
        // falls across the first boundary.
        String text = "{\"k\":\"" + "a".repeat(8_180) + "😀é\n" + "\u2028x".repeat(100_000) + "\"}";
        String escaped = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
        for (long cap : new long[] {8_190, 8_191, 8_192, 8_193, 8_194, 8_195, 40_000, 100_000}) {
            Span span = Captures.started(Captures.capture(true, cap, List.of(), List.of()), v2("", escaped, false))
                    .response(bytes("{\"statusCode\":200,\"body\":" + escaped + "}"));
            Map<String, Object> attributes = attributes(span);
            for (String prefix : List.of("http.request", "http.response")) {
                assertEquals(Utf8.length(text), attributes.get(prefix + ".body.size"), prefix + " at " + cap);
                assertEquals(Utf8.prefix(text, cap), attributes.get("lambdascope." + prefix + ".body"), prefix + " at " + cap);
                assertEquals(Utf8.length(text) > cap ? true : null, attributes.get("lambdascope." + prefix + ".body.truncated"));
            }
        }
    }

    @Test
    void base64BodiesAreDecodedWhenText() {
        EventCapture capture = Captures.capture(true, 8192, List.of(), List.of());
        Span span = Captures.started(capture, fixture("lambda-function-url-base64-body.json"))
                .response(fixture("apigw-v1-response-base64-json.json"));
        Map<String, Object> attributes = attributes(span);
        assertEquals("<idk/>", attributes.get("lambdascope.http.request.body"));
        assertEquals(6L, attributes.get("http.request.body.size"));
        assertEquals("{\"message\":\"Hello World\"}", attributes.get("lambdascope.http.response.body"));
    }

    @Test
    void base64BodiesThatAreNotTextKeepOnlyTheirSize() {
        // 0xff 0xfe 0x00 is no UTF-8.
        Span span = Captures.started(Captures.capture(true, 8192, List.of(), List.of()), v2("", "\"//4A\"", true)).response(new byte[0]);
        Map<String, Object> attributes = attributes(span);
        assertEquals(3L, attributes.get("http.request.body.size"));
        assertFalse(attributes.containsKey("lambdascope.http.request.body"));
    }

    @Test
    void multiValueHeadersKeepEveryValueAndWinOverSingleValues() {
        Span span = Captures.started(Captures.capture(), fixture("apigw-v1-rest-proxy-claims-scopes.json"))
                .response(fixture("alb-response-multivalue.json"));
        Map<String, Object> attributes = attributes(span);
        assertEquals(List.of("value1", "value2"), attributes.get("http.request.header.header2"));
        assertEquals(List.of("REDACTED", "REDACTED"), attributes.get("http.response.header.set-cookie"));
        assertEquals(List.of("application/json"), attributes.get("http.response.header.content-type"));
        assertEquals(200L, attributes.get("http.response.status_code"));
    }

    @Test
    void traceparentHeaderMakesTheSpanAChildOfTheCaller() {
        Span span = Captures.started(Captures.capture(), v2("\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\","
                + "\"X-Amzn-Trace-Id\":\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\"", "null", false))
                .response(new byte[0]);
        assertEquals(hex("0af7651916cd43dd8448eb211c80319c"), span.getTraceId());
        assertEquals(hex("b7ad6b7169203331"), span.getParentSpanId());
        assertTrue((span.getFlags() & SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE) != 0);
    }

    @Test
    void xrayHeaderInTheEventMakesTheSpanAChildOfTheCaller() {
        InvocationSpan started = Captures.started(Captures.capture(),
                v2("\"x-amzn-trace-id\":\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\"", "null", false));
        Span span = started.response(new byte[0]);
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), span.getTraceId());
        assertEquals(hex("53995c3f42cd8ad8"), span.getParentSpanId());
        assertEquals(span.getSpanId(), started.context().spanId());
    }

    @Test
    void withoutCallerContextTheLambdaTraceHeaderIsFollowed() {
        // ALB sends a root without a parent: there is no caller span to be a child of.
        Captured captured = Captures.capture().event(fixture("alb-cookie-header.json"), "req-2",
                Optional.of("Root=1-66704f11-56b0f1d611b392cb68ad2b83;Parent=1111222233334444;Sampled=1"), Captures.START);
        Span span = assertInstanceOf(InvocationSpan.class, captured).response(new byte[0]);
        assertEquals(hex("66704f1156b0f1d611b392cb68ad2b83"), span.getTraceId());
        assertEquals(hex("1111222233334444"), span.getParentSpanId());
    }

    @Test
    void withNoContextAtAllTheSpanStartsATrace() {
        Span span = Captures.started(Captures.capture(), fixture("apigw-v2-http-no-authorizer.json")).response(new byte[0]);
        assertEquals(16, span.getTraceId().size());
        assertTrue(span.getParentSpanId().isEmpty());
    }

    @Test
    void serverErrorsMakeTheStatusError() {
        Span span = Captures.started(Captures.capture(), v2("", "null", false)).response(bytes("{\"statusCode\":\"503\"}"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
        assertEquals("503", attributes(span).get("error.type"));
        Span clientError = Captures.started(Captures.capture(), v2("", "null", false)).response(bytes("{\"statusCode\":404}"));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, clientError.getStatus().getCode());
    }

    @Test
    void httpApiTakesAnythingButAResponseObjectAsA200Body() {
        Span span = Captures.started(Captures.capture(true, 100, List.of(), List.of()), v2("", "null", false)).response(bytes("\"hi\""));
        assertEquals(200L, attributes(span).get("http.response.status_code"));
        assertEquals("\"hi\"", attributes(span).get("lambdascope.http.response.body"));
    }

    @Test
    void functionErrorsRecordTheExceptionEvent() {
        Span span = Captures.started(Captures.capture(), fixture("apigw-v1-rest-proxy-no-auth.json"))
                .error(new RuntimeError("Runtime.UnhandledPromiseRejection", "boom", "at handler (/var/task/index.mjs:3:9)"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
        assertEquals("boom", span.getStatus().getMessage());
        assertEquals("Runtime.UnhandledPromiseRejection", attributes(span).get("error.type"));
        Span.Event exception = span.getEvents(0);
        assertEquals("exception", exception.getName());
        assertEquals(Map.of("exception.type", "Runtime.UnhandledPromiseRejection", "exception.message", "boom",
                        "exception.stacktrace", "at handler (/var/task/index.mjs:3:9)"),
                attributes(exception.getAttributesList()));
        assertEquals(Captures.END, exception.getTimeUnixNano());
    }

    @Test
    void eventsOfNoKnownShapeAreNotCapturedAndNeverThrow() {
        EventCapture capture = Captures.capture();
        for (String event : List.of("", "not json", "[1,2]", "{}", "{\"Records\":[]}", "{\"Records\":[{\"eventSource\":\"aws:mq\"}]}",
                "{\"requestContext\":{\"http\":{\"method\":7}},\"rawPath\":[]}", "42", "{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}")) {
            Captured captured = capture.event(bytes(event), "r");
            if (captured instanceof Captured.NotCaptured notCaptured) {
                assertFalse(notCaptured.reason().isBlank());
            } else {
                assertInstanceOf(InvocationSpan.class, captured).response(bytes(event));
            }
        }
        assertInstanceOf(Captured.NotCaptured.class, capture.event(null, "r"));
        assertInstanceOf(Captured.NotCaptured.class, capture.event(bytes("{\"foo\":1}"), "r"));
    }

    static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
