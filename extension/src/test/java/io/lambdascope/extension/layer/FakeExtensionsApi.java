package io.lambdascope.extension.layer;

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

/**
 * Lambda's Extensions API for one extension's short life: it records the register request and
 * every other call, and answers {@code event/next} with SHUTDOWN once the test releases it.
 * Telemetry and Logs API subscriptions are accepted so that an extension that subscribes gets on.
 */
final class FakeExtensionsApi implements AutoCloseable {

    /** One request the extension made. */
    record Call(String method, String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse("");
        }
    }

    static final String EXTENSION_ID = "5a8b6e2c-3f41-4c7d-9e0a-1b2c3d4e5f60";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CompletableFuture<Call> registered = new CompletableFuture<>();
    private final CompletableFuture<Void> waiting = new CompletableFuture<>();
    private final CompletableFuture<Void> shutdown = new CompletableFuture<>();
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    FakeExtensionsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes with the register request. */
    CompletableFuture<Call> registered() {
        return registered;
    }

    /** Completes when the extension first asks for an event: it has started everything it runs. */
    CompletableFuture<Void> waiting() {
        return waiting;
    }

    /** Every request, in arrival order. */
    BlockingQueue<Call> calls() {
        return calls;
    }

    /** Lets every waiting and future {@code event/next} return a SHUTDOWN event. */
    void shutDown() {
        shutdown.complete(null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (var in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        Call call = new Call(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body);
        calls.add(call);
        switch (path) {
            case "/2020-01-01/extension/register" -> {
                exchange.getResponseHeaders().set("Lambda-Extension-Identifier", EXTENSION_ID);
                respond(exchange, 200, """
                        {"functionName":"java-apigw-function","functionVersion":"$LATEST",\
                        "handler":"io.lambdascope.samples.apigw.ApiGatewayHandler::handleRequest",\
                        "accountId":"123456789012"}""");
                registered.complete(call);
            }
            case "/2020-01-01/extension/event/next" -> {
                waiting.complete(null);
                shutdown.join();
                exchange.getResponseHeaders().set("Lambda-Extension-Event-Identifier", "7d0c9a1e-0b7e-4a55-8a3c-6f1d2e3c4b5a");
                respond(exchange, 200, """
                        {"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":%d}"""
                        .formatted(System.currentTimeMillis() + 2000));
            }
            case "/2022-07-01/telemetry", "/2020-08-15/logs" -> respond(exchange, 200, "OK");
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
        shutdown.complete(null);
        server.stop(0);
        threads.shutdownNow();
    }
}
