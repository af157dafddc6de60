package io.lambdascope.extension.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's Extensions API and Telemetry API subscription endpoint for one extension: it records
 * every request, and answers {@code event/next} with the events a test queues, in order.
 */
public final class FakeLambda implements AutoCloseable {

    /** One request the extension made. */
    public record Call(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a header, any case; empty when absent. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse("");
        }
    }

    /** The identifier the fake assigns at register. */
    public static final String EXTENSION_ID = "0f4c5e1a-9a7b-4e1d-8f3e-2d6c1b0a9e87";

    private static final String NEXT_FAILS = "";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final CompletableFuture<Call> subscribed = new CompletableFuture<>();
    private volatile int subscribeStatus = 200;

    /** Starts on a free loopback port. */
    public FakeLambda() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request, in arrival order. */
    public BlockingQueue<Call> calls() {
        return calls;
    }

    /** The next request to a path, waiting at most 10 seconds; fails when none comes. */
    public Call awaitCall(String path) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Call call = calls.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (call == null) {
                throw new AssertionError("no request to " + path);
            }
            if (call.path().equals(path)) {
                return call;
            }
        }
    }

    /** Completes with the Telemetry API subscription request. */
    public CompletableFuture<Call> subscribed() {
        return subscribed;
    }

    /** Makes the subscription answer with this status. */
    public void subscribeStatus(int status) {
        subscribeStatus = status;
    }

    /** Queues an INVOKE event. */
    public void invoke(String requestId) {
        events.add("""
                {"eventType":"INVOKE","deadlineMs":%d,"requestId":"%s",\
                "invokedFunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:orders",\
                "tracing":{"type":"X-Amzn-Trace-Id","value":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}}"""
                .formatted(System.currentTimeMillis() + 3000, requestId));
    }

    /** Queues a SHUTDOWN event. */
    public void shutdown() {
        events.add("""
                {"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":%d}"""
                .formatted(System.currentTimeMillis() + 2000));
    }

    /** Makes the next {@code event/next} answer 500. */
    public void failNext() {
        events.add(NEXT_FAILS);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (var in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        calls.add(call);
        switch (call.path()) {
            case "/2020-01-01/extension/register" -> {
                exchange.getResponseHeaders().set("Lambda-Extension-Identifier", EXTENSION_ID);
                respond(exchange, 200, """
                        {"functionName":"orders","functionVersion":"$LATEST","handler":"orders.Handler::handleRequest",\
                        "accountId":"123456789012"}""");
            }
            case "/2020-01-01/extension/event/next" -> {
                String event;
                try {
                    event = events.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (event.equals(NEXT_FAILS)) {
                    respond(exchange, 500, "{\"errorType\":\"Unknown\",\"errorMessage\":\"internal\"}");
                } else {
                    exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", "e1");
                    respond(exchange, 200, event);
                }
            }
            case "/2022-07-01/telemetry" -> {
                subscribed.complete(call);
                respond(exchange, subscribeStatus, subscribeStatus == 200 ? "\"OK\""
                        : "{\"errorType\":\"ValidationError\",\"errorMessage\":\"refused\"}");
            }
            default -> respond(exchange, 202, "{\"status\":\"OK\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
