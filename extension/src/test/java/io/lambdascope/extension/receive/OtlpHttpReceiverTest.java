package io.lambdascope.extension.receive;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.helidon.webserver.WebServer;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver's answers over real HTTP, as the OTLP specification gives them. */
class OtlpHttpReceiverTest {

    private static final ExportTraceServiceRequest ONE_SPAN = ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c")))
                    .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174"))).setName("work")))).build();

    private final HttpClient client = HttpClient.newHttpClient();
    private ReceiverFixture fixture;
    private TelemetryBuffer buffer;
    private WebServer server;
    private URI base;

    @BeforeEach
    void start() {
        fixture = new ReceiverFixture();
        buffer = fixture.buffer;
        OtlpHttpReceiver receiver = new OtlpHttpReceiver(fixture.intake);
        server = WebServer.builder().address(InetAddress.getLoopbackAddress()).port(0).shutdownHook(false)
                .maxPayloadSize(OtlpHttpReceiver.MAX_BODY).contentEncoding(OtlpHttpReceiver.encodings())
                .routing(receiver::routing).build().start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
        fixture.close();
    }

    @Test
    void protobufJsonAndGzipBodiesAreTakenAndAnsweredInTheirOwnEncoding() throws Exception {
        HttpResponse<byte[]> protobuf = post("/v1/traces", "application/x-protobuf", ONE_SPAN.toByteArray(), null);
        assertEquals(200, protobuf.statusCode());
        assertEquals("application/x-protobuf", protobuf.headers().firstValue("content-type").orElseThrow());
        assertEquals(ExportTraceServiceResponse.getDefaultInstance(), ExportTraceServiceResponse.parseFrom(protobuf.body()));

        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"work\"}]}]}]}";
        HttpResponse<byte[]> fromJson = post("/v1/traces", "application/json; charset=utf-8", bytes(json), null);
        assertEquals(200, fromJson.statusCode());
        assertEquals("{}", text(fromJson));

        HttpResponse<byte[]> gzipped = post("/v1/traces", "application/x-protobuf", gzip(ONE_SPAN.toByteArray()), "gzip");
        assertEquals(200, gzipped.statusCode());
        assertEquals(3, buffer.size(Signal.TRACES));
    }

    @Test
    void rejectedItemsAreAPartialSuccess() throws Exception {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"no trace\"},"
                + "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"fine\"}]}]}]}";
        HttpResponse<byte[]> response = post("/v1/traces", "application/json", bytes(json), null);
        assertEquals(200, response.statusCode());
        assertTrue(text(response).startsWith("{\"partialSuccess\":{\"rejectedSpans\":\"1\",\"errorMessage\":\"a span needs"), text(response));
        HttpResponse<byte[]> protobuf = post("/v1/traces", "application/x-protobuf", ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("x"))))
                .build().toByteArray(), null);
        assertEquals(1, ExportTraceServiceResponse.parseFrom(protobuf.body()).getPartialSuccess().getRejectedSpans());
    }

    @Test
    void malformedTruncatedOversizeAndUnknownBodiesGetTheirStatusAndTakeNothing() throws Exception {
        byte[] whole = ONE_SPAN.toByteArray();
        HttpResponse<byte[]> truncated = post("/v1/traces", "application/x-protobuf", Arrays.copyOf(whole, whole.length - 3), null);
        assertEquals(400, truncated.statusCode());
        assertTrue(statusMessage(truncated.body()).startsWith("the body is not a valid protobuf ExportTraceServiceRequest"),
                statusMessage(truncated.body()));

        HttpResponse<byte[]> badJson = post("/v1/logs", "application/json", bytes("{\"resourceLogs\":[{\"scopeLogs\":"), null);
        assertEquals(400, badJson.statusCode());
        assertTrue(text(badJson).startsWith("{\"code\":3,\"message\":\"the body is not valid JSON"), text(badJson));

        assertEquals(415, post("/v1/traces", "text/plain", bytes("hello"), null).statusCode());
        assertEquals(400, post("/v1/traces", "application/x-protobuf", whole, "br").statusCode(), "an encoding the server cannot decode");
        assertEquals(400, post("/v1/traces", "application/x-protobuf", whole, "gzip").statusCode(), "not gzip at all");

        // A client that waits for the go-ahead hears 413 before it sends the body; one that does not
        // finds the connection closed, which the server does rather than read 4 MiB it will refuse.
        byte[] huge = new byte[OtlpHttpReceiver.MAX_BODY + 1];
        assertEquals(413, client.send(HttpRequest.newBuilder(base.resolve("/v1/metrics")).expectContinue(true)
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode());
        byte[] bomb = gzip(new byte[OtlpHttpReceiver.MAX_BODY + 1]);
        assertEquals(413, post("/v1/metrics", "application/x-protobuf", bomb, "gzip").statusCode(), "the cap holds after decompression");

        assertEquals(404, post("/v1/profiles", "application/x-protobuf", whole, null).statusCode());
        assertEquals(0, fixture.buffered());
        assertEquals(200, post("/v1/traces", "application/x-protobuf", whole, null).statusCode(), "and the next good one is taken");
    }

    @Test
    void aFullBufferIsA503WithRetryAfter() throws Exception {
        HttpResponse<byte[]> response;
        int before;
        do {
            before = buffer.size(Signal.TRACES);
            response = post("/v1/traces", "application/x-protobuf", ONE_SPAN.toByteArray(), null);
        } while (response.statusCode() == 200);
        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("retry-after").orElseThrow());
        assertTrue(buffer.size(Signal.TRACES) <= before, "the refused request took nothing");
        assertTrue(before > 100, "the buffer filled first: " + before);
    }

    @Test
    void aBodyThatFindsNoRoomToBeReadIsA503WithRetryAfter() throws Exception {
        assertTrue(fixture.intake.admission().enter(Admission.BUDGET, "test"), "other requests take all the room");
        HttpResponse<byte[]> refused = post("/v1/traces", "application/x-protobuf", ONE_SPAN.toByteArray(), null);
        assertEquals(503, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("retry-after").orElseThrow());
        assertEquals("the extension is reading other requests", statusMessage(refused.body()));
        assertEquals(0, fixture.buffered());

        fixture.intake.admission().leave(Admission.BUDGET);
        assertEquals(200, post("/v1/traces", "application/x-protobuf", ONE_SPAN.toByteArray(), null).statusCode());
        assertEquals(1, fixture.buffered());
        assertTrue(fixture.intake.admission().enter(Admission.BUDGET, "test"), "each request gave its room back");
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body, String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The message of a protobuf google.rpc.Status: field 2. */
    private static String statusMessage(byte[] status) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(status);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag >>> 3 == 2) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return "";
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
