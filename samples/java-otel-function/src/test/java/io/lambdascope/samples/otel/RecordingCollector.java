package io.lambdascope.samples.otel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP collector that keeps every request it receives, as sent, and decodes them with the
 * OTLP protobuf classes. It answers each request once it has kept it, so whatever an exporter's
 * flush waited for is here when the flush returns.
 */
final class RecordingCollector implements AutoCloseable {

    /** One request as it arrived: its path, content type and (uncompressed) body. */
    record Request(String path, String contentType, byte[] body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    RecordingCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::record);
        server.start();
    }

    /** The OTLP base URL, the value of {@code otel.exporter.otlp.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }

    List<Span> spans() {
        return OtlpMessages.spans(bodies("/v1/traces"));
    }

    List<Metric> metrics() {
        return OtlpMessages.metrics(bodies("/v1/metrics"));
    }

    List<LogRecord> logRecords() {
        return OtlpMessages.logRecords(bodies("/v1/logs"));
    }

    /** The first trace request's resource, decoded. */
    ExportTraceServiceRequest firstTraceRequest() {
        byte[] body = bodies("/v1/traces").getFirst();
        return OtlpMessages.traceRequest(body);
    }

    private List<byte[]> bodies(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).map(Request::body).toList();
    }

    private void record(HttpExchange exchange) throws IOException {
        try (exchange; InputStream raw = exchange.getRequestBody()) {
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            byte[] body = (gzip ? new GZIPInputStream(raw) : raw).readAllBytes();
            requests.add(new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            // An empty Export*ServiceResponse: every item accepted.
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
