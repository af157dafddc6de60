package io.lambdascope.sandbox.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A telemetry listener as an extension runs it: records every batch it is posted, answers as told. */
final class Listener implements AutoCloseable {

    /** One post: its events and the size of its body. */
    record Batch(List<JsonNode> events, int bytes) {
        List<String> types() {
            return events.stream().map(e -> e.get("type").asText()).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final BlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int defaultStatus = 200;

    Listener() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            Integer next = statuses.poll();
            int status = next == null ? defaultStatus : next;
            if (status == 200) {
                List<JsonNode> events = new ArrayList<>();
                JSON.readTree(body).forEach(events::add);
                batches.add(new Batch(events, body.length));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URI an extension would subscribe with, on the sandbox host name. */
    String uri() {
        return "http://sandbox.localdomain:" + server.getAddress().getPort() + "/telemetry";
    }

    /** The next delivered batch, or null when none arrives within the safety bound. */
    Batch next(long timeout, TimeUnit unit) throws InterruptedException {
        return batches.poll(timeout, unit);
    }

    /** The next delivered batch; fails the test when none arrives within ten seconds. */
    Batch next() throws InterruptedException {
        Batch batch = batches.poll(10, TimeUnit.SECONDS);
        if (batch == null) {
            throw new AssertionError("no batch delivered within 10 s");
        }
        return batch;
    }

    /** Answers the next posts with these statuses, then with the default. */
    void answer(Integer... next) {
        statuses.addAll(List.of(next));
    }

    void answerAlways(int status) {
        defaultStatus = status;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
