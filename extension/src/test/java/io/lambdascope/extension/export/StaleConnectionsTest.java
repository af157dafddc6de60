package io.lambdascope.extension.export;

import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The freeze case: Lambda stops the process between invocations, the server drops the idle
 * connections meanwhile, and the client finds out only when it sends on one. A raw HTTP/1.1 server
 * plays it: once told the environment was frozen, it closes every connection opened before, as soon
 * as a request arrives on it.
 */
class StaleConnectionsTest {

    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int frozenBefore = Integer.MAX_VALUE;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile CountDownLatch firstTwoIn = new CountDownLatch(2);

    @BeforeEach
    void start() throws IOException {
        listener = RawHttp.serve((socket, number) -> {
            connections.incrementAndGet();
            serve(socket, number);
        });
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = RawHttp.readHead(in);
                if (head == null) {
                    return;
                }
                in.readNBytes(RawHttp.contentLength(head));
                if (number <= frozenBefore && frozenBefore != Integer.MAX_VALUE) {
                    dropped.incrementAndGet();
                    return;
                }
                // The first two requests wait for each other, so that each has a connection of its own.
                firstTwoIn.countDown();
                firstTwoIn.await(5, TimeUnit.SECONDS);
                // Counted before the answer goes out: the client may act on the answer before this
                // thread runs again.
                answered.incrementAndGet();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aRequestOnAStaleConnectionIsRetriedAtOnceOnAFreshOne() throws Exception {
        try (Exporter exporter = Exporters.from(OtlpHttpExporterTest.config("http://127.0.0.1:" + listener.getLocalPort(),
                ExportProtocol.HTTP_PROTOBUF, Compression.GZIP, Duration.ofSeconds(2)), System.out)) {
            // Two exports at once leave two connections in the client's pool.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // Threads of their own: on a two-core machine the common pool has one worker, and the two
            // exports must be under way at once.
            try (ExecutorService two = Executors.newFixedThreadPool(2)) {
                List<Future<ExportResult>> before = List.of(
                        two.submit(() -> exporter.export(Signal.TRACES, Requests.traces(1), deadline)),
                        two.submit(() -> exporter.export(Signal.LOGS, Requests.logs(), deadline)));
                for (Future<ExportResult> result : before) {
                    assertTrue(result.get(10, TimeUnit.SECONDS).sent());
                }
            }
            assertEquals(2, connections.get());

            frozenBefore = connections.get();
            ExportResult result = exporter.export(Signal.METRICS, Requests.metrics(), System.nanoTime() + Duration.ofSeconds(10).toNanos());

            // Without a fresh client the retry could take the other stale connection and wait a backoff.
            assertEquals(ExportResult.Outcome.SENT, result.outcome(), result.toString());
            assertEquals(2, result.attempts());
            assertEquals(1, dropped.get());
            assertEquals(3, connections.get());
            assertEquals(3, answered.get());
        }
    }
}
