package io.lambdascope.sandbox.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Posts to a sink with java.net.http.HttpClient, as an OTLP/HTTP exporter does. */
final class SinkClient implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final OtlpSink sink;

    SinkClient(OtlpSink sink) {
        this.sink = sink;
    }

    HttpRequest.Builder request(String path, String contentType, byte[] body, boolean gzip) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sink.endpoint() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? Payloads.gzip(body) : body));
        return gzip ? builder.header("Content-Encoding", "gzip") : builder;
    }

    HttpResponse<byte[]> post(String path, String contentType, byte[] body, boolean gzip)
            throws IOException, InterruptedException {
        return client.send(request(path, contentType, body, gzip).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    CompletableFuture<HttpResponse<byte[]>> postAsync(String path, String contentType, byte[] body) {
        return client.sendAsync(request(path, contentType, body, false).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> sendBytes(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Aborts what is still in flight: a request to a sink told never to answer would keep close() waiting. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
