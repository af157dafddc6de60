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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export connection's HTTP/1.1 against a raw server that answers each request with the next
 * scripted bytes: framings an OTLP backend may use, answers that end the connection, and servers
 * that do not speak HTTP or do not read at all.
 */
class ExportConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Said instead of answering: the server closes the connection. */
    private static final String CLOSE = "";
    /** Said instead of answering: the server stops reading and never answers. */
    private static final String STALL = "stall";

    private ServerSocket listener;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        listener = RawHttp.serve((socket, number) -> {
            accepted.add(socket);
            connections.incrementAndGet();
            serve(socket);
        });
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    private void serve(Socket socket) {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String answer = answers.take();
                if (answer.equals(STALL)) {
                    return; // the socket stays open, unread, until the test ends
                }
                String head = RawHttp.readHead(in);
                if (head == null) {
                    socket.close();
                    return;
                }
                heads.add(head);
                in.readNBytes(RawHttp.contentLength(head));
                if (answer.equals(CLOSE)) {
                    socket.close();
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (answer.contains("Connection: close") || !answer.contains("Content-Length") && !answer.contains("chunked")) {
                    socket.close();
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Exporter exporter(Compression compression, Duration timeout) {
        return Exporters.from(OtlpHttpExporterTest.config("http://127.0.0.1:" + listener.getLocalPort() + "/base?key=k",
                ExportProtocol.HTTP_PROTOBUF, compression, timeout), System.out);
    }

    private static ExportResult export(Exporter exporter) {
        return exporter.export(Signal.TRACES, Requests.traces(2), System.nanoTime() + WAIT.toNanos());
    }

    @Test
    void theRequestHeadNamesTheTargetHostAndFraming() {
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (Exporter exporter = exporter(Compression.GZIP, WAIT)) {
            assertTrue(export(exporter).sent());
        }
        String head = heads.getFirst();
        assertTrue(head.startsWith("POST /base/v1/traces?key=k HTTP/1.1\r\n"), head);
        assertTrue(head.contains("\r\nHost: 127.0.0.1:" + listener.getLocalPort() + "\r\n"), head);
        assertTrue(head.contains("\r\nContent-Encoding: gzip\r\n"), head);
        assertTrue(head.contains("\r\nUser-Agent: lambdascope-extension\r\n"), head);
    }

    @Test
    void chunkedAndInterimAnswersAreReadAndTheConnectionIsKept() {
        answers.add("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-protobuf\r\n\r\n0\r\n\r\n");
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (Exporter exporter = exporter(Compression.GZIP, WAIT)) {
            assertTrue(export(exporter).sent());
            ExportResult second = export(exporter);
            assertTrue(second.sent(), second.toString());
            assertEquals(1, second.attempts());
        }
        assertEquals(1, connections.get());
    }

    @Test
    void anAnswerThatClosesTheConnectionIsNotFollowedOnIt() {
        answers.add("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        answers.add("HTTP/1.1 200 OK\r\n\r\n"); // no length: the body ends with the connection
        answers.add("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (Exporter exporter = exporter(Compression.GZIP, WAIT)) {
            for (int i = 0; i < 3; i++) {
                ExportResult result = export(exporter);
                assertTrue(result.sent(), result.toString());
                assertEquals(1, result.attempts(), "a connection the server ended was not used again");
            }
        }
        assertEquals(3, connections.get());
    }

    @Test
    void aServerThatDoesNotSpeakHttpIsAFailureNamedAsSuch() {
        for (int i = 0; i < 10; i++) {
            answers.add("SSH-2.0-OpenSSH_9.6\r\n\r\n");
        }
        try (Exporter exporter = exporter(Compression.GZIP, Duration.ofSeconds(2))) {
            ExportResult result = export(exporter);
            assertFalse(result.sent());
            assertTrue(result.problem().orElseThrow().contains("not an HTTP/1.1 answer: SSH-2.0-OpenSSH_9.6"), result.toString());
        }
    }

    @Test
    void aServerThatReadsNothingFailsByTheTimeoutAndLeavesNoThread() throws Exception {
        for (int i = 0; i < 4; i++) {
            answers.add(STALL);
        }
        List<Thread> before = new ArrayList<>(Thread.getAllStackTraces().keySet());
        try (Exporter exporter = exporter(Compression.NONE, Duration.ofMillis(300))) {
            // Far more than the socket buffers hold, so that writing it blocks.
            ExportResult result = exporter.export(Signal.TRACES, Requests.traces(100_000), System.nanoTime() + Duration.ofSeconds(2).toNanos());
            assertEquals(ExportResult.Outcome.FAILED, result.outcome(), result.toString());
            assertTrue(result.problem().orElseThrow().contains("within 300 ms"), result.toString());
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && thread.getName().startsWith("lambdascope-export")) {
                thread.join(WAIT);
                assertFalse(thread.isAlive(), thread.getName() + " still blocked after the timeout closed its connection");
            }
        }
    }
}
