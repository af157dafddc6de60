package io.lambdascope.extension.receive;

import com.google.protobuf.ByteString;
import io.helidon.webserver.WebServer;
import io.lambdascope.extension.batch.Items;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTLP/gRPC over real HTTP/2: the OpenTelemetry Java SDK's exporter, and raw calls no SDK would make. */
class OtlpGrpcReceiverTest {

    private ReceiverFixture fixture;
    private WebServer server;
    private String endpoint;
    private final OkHttpClient http2 = new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();

    @BeforeEach
    void start() {
        fixture = new ReceiverFixture();
        OtlpGrpcReceiver receiver = new OtlpGrpcReceiver(fixture.intake);
        server = WebServer.builder().address(InetAddress.getLoopbackAddress()).port(0).shutdownHook(false)
                .connectionOptions(options -> options.tcpNoDelay(true)).routing(receiver::routing).build().start();
        endpoint = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
        fixture.close();
        http2.dispatcher().executorService().shutdown();
        http2.connectionPool().evictAll();
    }

    @Test
    void theSdksExporterIsAnsweredOkPlainAndGzipped() {
        for (String compression : List.of("none", "gzip")) {
            OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setCompression(compression).build();
            try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(Resource.getDefault())
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build()) {
                for (int i = 0; i < 200; i++) {
                    provider.get("test").spanBuilder("work " + i).setSpanKind(SpanKind.INTERNAL)
                            .setAllAttributes(Attributes.builder().put("payload", "x".repeat(20) + i).build()).startSpan().end();
                }
                CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
                assertTrue(flushed.isSuccess(), compression + ": the exporter succeeded");
            }
        }
        assertEquals(400, Items.count(fixture.buffer.take(Signal.TRACES, Integer.MAX_VALUE)), "every span of both runs");
    }

    @Test
    void malformedTruncatedAndWrongContentTypeCallsGetTheirStatusAndTakeNothing() throws IOException {
        byte[] valid = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                .addSpans(span("5b8efff798038103d269b633813fc60c")))).build().toByteArray();
        assertEquals("3", call("application/grpc", framed(new byte[] {(byte) 0xff, 0x01, 0x02}, 0)).header("grpc-status"),
                "not protobuf: INVALID_ARGUMENT");
        byte[] cut = framed(valid, 0);
        assertEquals("3", call("application/grpc", Arrays.copyOf(cut, cut.length - 4)).header("grpc-status"), "cut short");
        assertEquals("12", call("application/json", framed(valid, 0)).header("grpc-status"), "not gRPC");
        assertEquals("12", call("application/grpc", framed(valid, 1)).header("grpc-status"), "compressed with no encoding named");
        byte[] huge = new byte[5];
        ByteBuffer.wrap(huge, 1, 4).putInt(OtlpHttpReceiver.MAX_BODY + 1);
        assertEquals("3", call("application/grpc", huge).header("grpc-status"), "past the cap: INVALID_ARGUMENT, which no SDK retries");
        assertEquals(0, fixture.buffered());

        try (Response ok = call("application/grpc", framed(valid, 0))) {
            assertEquals("0", ok.trailers().get("grpc-status"), "and the next good call is taken");
        }
        assertEquals(1, fixture.buffered());
    }

    @Test
    void rejectedSpansAreAPartialSuccessAndAFullBufferIsUnavailable() throws IOException {
        byte[] half = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                .addSpans(span("5b8efff798038103d269b633813fc60c")).addSpans(span("00000000000000000000000000000000")))).build().toByteArray();
        try (Response response = call("application/grpc", framed(half, 0))) {
            byte[] body = response.body().bytes();
            ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(Arrays.copyOfRange(body, 5, body.length));
            assertEquals(1, answer.getPartialSuccess().getRejectedSpans());
            assertEquals("0", response.trailers().get("grpc-status"));
        }
        ScopeSpans.Builder many = ScopeSpans.newBuilder();
        for (int i = 0; i < 100; i++) {
            many.addSpans(span("5b8efff798038103d269b633813fc60c"));
        }
        byte[] large = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(many)).build().toByteArray();
        String status;
        do {
            try (Response response = call("application/grpc", framed(large, 0))) {
                status = response.header("grpc-status") != null ? response.header("grpc-status") : response.trailers().get("grpc-status");
            }
        } while (status.equals("0"));
        assertEquals("14", status, "a full buffer: UNAVAILABLE, which SDKs retry later");
    }

    @Test
    void aCallWhoseMessageFindsNoRoomToBeReadIsUnavailable() throws IOException {
        byte[] one = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder()
                .addSpans(span("5b8efff798038103d269b633813fc60c")))).build().toByteArray();
        assertTrue(fixture.intake.admission().enter(Admission.BUDGET, "test"), "other calls take all the room");
        try (Response response = call("application/grpc", framed(one, 0))) {
            assertEquals("14", response.header("grpc-status"), "UNAVAILABLE, which SDKs retry later");
            assertEquals("the extension is reading other requests", response.header("grpc-message"));
        }
        assertEquals(0, fixture.buffered());

        fixture.intake.admission().leave(Admission.BUDGET);
        try (Response response = call("application/grpc", framed(one, 0))) {
            response.body().bytes();
            assertEquals("0", response.trailers().get("grpc-status"));
        }
        assertEquals(1, fixture.buffered());
        assertTrue(fixture.intake.admission().enter(Admission.BUDGET, "test"), "each call gave its room back");
    }

    private Response call(String contentType, byte[] body) throws IOException {
        Request request = new Request.Builder().url(endpoint + OtlpGrpcReceiver.TRACES).header("te", "trailers")
                .post(RequestBody.create(body, MediaType.get(contentType))).build();
        Response response = http2.newCall(request).execute();
        assertEquals(200, response.code(), "gRPC answers 200 and puts the outcome in grpc-status");
        return response;
    }

    private static Span span(String traceId) {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceId)))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("eee19b7ec3c1b174"))).setName("work").build();
    }

    private static byte[] framed(byte[] message, int flag) {
        ByteBuffer out = ByteBuffer.allocate(5 + message.length);
        out.put((byte) flag).putInt(message.length).put(message);
        return out.array();
    }
}
