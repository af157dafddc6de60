package io.lambdascope.extension.export;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * An OTLP endpoint for the exporter's tests that needs what the sandbox sink does not show: it
 * records each request with its headers and the {@link System#nanoTime()} of its arrival, and
 * answers from a script (200 with an empty body once the script is used up). Bound to 127.0.0.1.
 */
final class RecordingServer implements AutoCloseable {

    /** One request as it arrived. */
    record Request(long arrivalNanos, String method, String path, Headers headers, byte[] body) {

        /** The body, inflated when it was sent gzip-compressed. */
        byte[] content() throws IOException {
            if (!"gzip".equals(headers.getFirst("Content-Encoding"))) {
                return body;
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            }
        }
    }

    /** A scripted answer; {@code hold} answers only when released (or never). */
    record Answer(int status, Map<String, String> headers, byte[] body, CountDownLatch hold) {

        static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0], new CountDownLatch(0));
        }

        static Answer body(int status, String contentType, byte[] body) {
            return new Answer(status, Map.of("Content-Type", contentType), body, new CountDownLatch(0));
        }

        Answer with(String header, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(header, value);
            return new Answer(status, Map.copyOf(more), body, hold);
        }

        static Answer heldUntil(CountDownLatch release) {
            return new Answer(200, Map.of(), new byte[0], release);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private RecordingServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    static RecordingServer http() throws IOException {
        return new RecordingServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0));
    }

    static RecordingServer https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new RecordingServer(server);
    }

    /** The base URL, {@code http://127.0.0.1:port} or {@code https://...}. */
    String endpoint() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Queues answers for the next requests, in order. */
    RecordingServer answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** The requests received so far, without waiting. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        requests.add(new Request(arrival, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders(), body));
        Answer answer = script.poll();
        if (answer == null) {
            answer = Answer.status(200);
        }
        try {
            while (answer.hold().getCount() > 0 && closing.getCount() > 0) {
                answer.hold().await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
