package io.lambdascope.samples.otel;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/gRPC collector over plaintext HTTP/2, as OTLP exporters reach one at
 * {@code http://localhost:4317}: the three {@code Export} methods, each request kept as sent and
 * decoded with the OTLP protobuf classes. gRPC is HTTP/2 with a framed body and a status in the
 * trailers, which needs no gRPC library to serve.
 */
final class GrpcCollector implements AutoCloseable {

    static final String TRACES = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    static final String METRICS = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    static final String LOGS = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    /** One call as it arrived: its path, content type and the message inside its one frame. */
    record Call(String path, String contentType, byte[] message) {
    }

    /** An empty Export*ServiceResponse in a gRPC frame: not compressed, length 0. */
    private static final byte[] EMPTY_RESPONSE = new byte[5];
    private static final HeaderName GRPC_STATUS = HeaderNames.create("grpc-status");

    private final WebServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    GrpcCollector() {
        server = WebServer.builder()
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownHook(false)
                .routing(this::routing)
                .build()
                .start();
    }

    private void routing(HttpRouting.Builder routing) {
        routing.post(TRACES, this::export).post(METRICS, this::export).post(LOGS, this::export);
    }

    /** The OTLP endpoint, the value of {@code otel.exporter.otlp.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Span> spans() {
        return OtlpMessages.spans(messages(TRACES));
    }

    List<Metric> metrics() {
        return OtlpMessages.metrics(messages(METRICS));
    }

    List<LogRecord> logRecords() {
        return OtlpMessages.logRecords(messages(LOGS));
    }

    private List<byte[]> messages(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).map(Call::message).toList();
    }

    private void export(ServerRequest request, ServerResponse response) {
        byte[] body = request.content().as(byte[].class);
        // A gRPC frame: one byte "compressed", four bytes length, the message. The exporter sends
        // one uncompressed frame unless told to compress.
        if (body.length < 5 || body[0] != 0 || ByteBuffer.wrap(body, 1, 4).getInt() != body.length - 5) {
            response.status(400).send();
            return;
        }
        calls.add(new Call(request.path().path(),
                request.headers().first(HeaderNames.CONTENT_TYPE).orElse(""),
                Arrays.copyOfRange(body, 5, body.length)));
        response.header(HeaderNames.CONTENT_TYPE, "application/grpc");
        // Helidon sends trailers only when the headers announce them.
        response.header(HeaderNames.TRAILER, GRPC_STATUS.defaultCase());
        response.trailers().set(GRPC_STATUS, "0");
        response.send(EMPTY_RESPONSE);
    }

    @Override
    public void close() {
        server.stop();
    }
}
