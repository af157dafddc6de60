package io.lambdascope.samples.apigw;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lambda's Runtime API, as far as one invocation needs it: the first {@code next} returns the
 * event, later ones wait until the server stops (as Lambda would freeze the environment). Every
 * answer the runtime posts, response or error, lands in {@link #posted()}.
 */
final class FakeRuntimeApi implements AutoCloseable {

    /** What the runtime posted: the path it posted to and the body. */
    record Posted(String path, String body) {
    }

    private static final String BASE = "/2018-06-01/runtime";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Posted> posted = new LinkedBlockingQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String requestId;
    private final byte[] event;
    private boolean delivered;

    FakeRuntimeApi(String requestId, String event) throws IOException {
        this.requestId = requestId;
        this.event = event.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext(BASE + "/invocation/next", this::next);
        server.createContext(BASE + "/", this::post);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    BlockingQueue<Posted> posted() {
        return posted;
    }

    private void next(HttpExchange exchange) throws IOException {
        boolean first;
        synchronized (this) {
            first = !delivered;
            delivered = true;
        }
        if (!first) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
        headers.set("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:eu-west-1:123456789012:function:java-apigw-function");
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-6740a1b2-1a2b3c4d5e6f708192a3b4c5;Parent=53995c3f42cd8ad8;Sampled=1");
        exchange.sendResponseHeaders(200, event.length);
        try (var body = exchange.getResponseBody()) {
            body.write(event);
        }
    }

    private void post(HttpExchange exchange) throws IOException {
        byte[] body;
        try (var in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        posted.add(new Posted(exchange.getRequestURI().getPath().substring(BASE.length()),
                new String(body, StandardCharsets.UTF_8)));
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
