package io.lambdascope.extension.telemetry;

import io.lambdascope.extension.http.Body;
import io.lambdascope.extension.http.HttpHead;
import io.lambdascope.extension.http.PayloadCopy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The destination of the Telemetry API subscription: HTTP/1.1 on a plain socket. Each connection
 * Lambda opens is served by a platform thread of its own, which reads and parses a batch, answers
 * it, and then hands it to the {@link TelemetrySink} itself.
 *
 * <p>As the extension subscribes (25 ms buffering at most), Lambda posts one or two batches for
 * every invocation, so what a batch costs is paid per invocation. Here one thread wakes for it, out
 * of a blocking read. As a socket of Helidon's server, a batch woke the poller thread, a carrier
 * for the request's virtual thread and a consumer thread, and went through routing and header
 * processing this listener has no use for.
 *
 * <p>Answers: 200 once the body is in and is a JSON array, before it is converted, so that Lambda
 * never waits on the conversion; 400 when it is not a JSON array (the same bytes sent again would
 * fail again); 413 for a body over {@value #MAX_BODY} bytes; 405 for anything but POST. While a
 * batch converts, the next one waits in the connection: Lambda keeps events in its own buffer,
 * bounded by the subscription's {@code maxBytes}, and a consumer slower than the event rate makes
 * it drop events and say so with a {@code platform.logsDropped} event, which becomes a
 * dropped-items count.
 */
public final class TelemetryListener implements AutoCloseable {

    /** Telemetry batches are at most 256 KiB as subscribed; anything far larger is not Lambda. */
    static final int MAX_BODY = 2 * 1024 * 1024;
    /**
     * Lambda delivers over one kept-alive connection at a time. A peer that opens more and leaves
     * them idle would hold a thread each: past this many, the one idle longest is closed.
     */
    static final int MAX_CONNECTIONS = 8;

    private static final System.Logger LOG = System.getLogger(TelemetryListener.class.getName());

    private final ServerSocket socket;
    private final TelemetrySink sink;
    /** Held while the sink takes a batch: it is called from one thread at a time, in arrival order. */
    private final ReentrantLock delivering = new ReentrantLock();
    private final Map<Socket, Connection> connections = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder skippedEvents = new LongAdder();

    private TelemetryListener(ServerSocket socket, TelemetrySink sink) {
        this.socket = socket;
        this.sink = sink;
    }

    /**
     * Binds {@code address:port} (0 for any free port) and starts accepting deliveries.
     *
     * @param sink where parsed batches go
     * @throws IOException when the address cannot be bound, with the address in the message
     */
    public static TelemetryListener start(InetAddress address, int port, TelemetrySink sink) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            socket.close();
            throw new IOException("the telemetry listener could not bind %s:%d: %s"
                    .formatted(address.getHostAddress(), port, e.getMessage()), e);
        }
        TelemetryListener listener = new TelemetryListener(socket, sink);
        Thread.ofPlatform().name("lambdascope-telemetry").daemon().start(listener::accept);
        return listener;
    }

    /** The port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Batches handed to the sink. */
    public long accepted() {
        return accepted.sum();
    }

    /** Bodies answered with 400. */
    public long malformed() {
        return malformed.sum();
    }

    /** Bodies answered with 413. */
    public long tooLarge() {
        return tooLarge.sum();
    }

    /** Array elements that were not {@code {time, type, record}} events. */
    public long skippedEvents() {
        return skippedEvents.sum();
    }

    private void accept() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.log(WARNING, "the telemetry listener could not accept a connection: " + e.getMessage());
                continue;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                closeIdlest();
            }
            Connection served = new Connection(connection,
                    Thread.ofPlatform().name("lambdascope-telemetry-connection").daemon().unstarted(() -> serve(connection)));
            connections.put(connection, served);
            served.thread.start();
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream(), 16 * 1024);
            OutputStream out = connection.getOutputStream();
            Connection served = connections.get(connection);
            for (Optional<HttpHead> request = HttpHead.read(in); request.isPresent(); request = HttpHead.read(in)) {
                served.busy = true;
                boolean goesOn = serve(request.get(), in, out);
                served.idleSince = System.nanoTime();
                served.busy = false;
                if (!goesOn) {
                    return;
                }
            }
        } catch (IOException e) {
            // The peer went away, or sent something that is not HTTP: only this connection ends.
            LOG.log(DEBUG, () -> "telemetry connection ended: " + e.getMessage());
        } finally {
            connections.remove(connection);
        }
    }

    /** Answers one request and hands its batch on; returns whether the connection goes on. */
    private boolean serve(HttpHead request, InputStream in, OutputStream out) throws IOException {
        if (!request.method().equals("POST")) {
            answer(out, "405 Method Not Allowed", true);
            return false;
        }
        if (request.contentLength() > MAX_BODY) {
            return refuseTooLarge(request, out);
        }
        if (request.header("Expect").filter(v -> v.equalsIgnoreCase("100-continue")).isPresent()) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        PayloadCopy payload = new PayloadCopy(MAX_BODY);
        Body.request(request, in, OutputStream.nullOutputStream(), payload);
        if (payload.truncated()) {
            return refuseTooLarge(request, out);
        }
        byte[] body = payload.bytes();
        boolean goesOn = !request.closes();
        Optional<TelemetryBatch.Parsed> batch = TelemetryBatch.read(body);
        if (batch.isEmpty()) {
            malformed.increment();
            sink.refused("malformed", 1);
            LOG.log(DEBUG, () -> "telemetry body of %d bytes is not a JSON array".formatted(body.length));
            answer(out, "400 Bad Request", !goesOn);
            return goesOn;
        }
        answer(out, "200 OK", !goesOn);
        deliver(batch.get());
        return goesOn;
    }

    /** Closes the connection that has waited longest for its next request, if any is waiting. */
    private void closeIdlest() {
        connections.values().stream().filter(c -> !c.busy).min(Comparator.comparingLong(c -> c.idleSince)).ifPresent(idlest -> {
            LOG.log(WARNING, "the telemetry listener has {0} connections open: the one idle longest is closed", connections.size());
            closeQuietly(idlest.socket);
        });
    }

    /** A connection and the thread serving it; {@code busy} from a request's head to its delivery. */
    private static final class Connection {
        final Socket socket;
        final Thread thread;
        volatile boolean busy;
        volatile long idleSince = System.nanoTime();

        Connection(Socket socket, Thread thread) {
            this.socket = socket;
            this.thread = thread;
        }
    }

    private boolean refuseTooLarge(HttpHead request, OutputStream out) throws IOException {
        tooLarge.increment();
        sink.refused("too_large", 1);
        LOG.log(WARNING, "a telemetry body over {0} bytes was refused ({1})", MAX_BODY,
                request.header("Content-Length").map(n -> n + " bytes").orElse("chunked"));
        // The rest of the body is not read, so the connection cannot go on.
        answer(out, "413 Content Too Large", true);
        return false;
    }

    private static void answer(OutputStream out, String status, boolean close) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void deliver(TelemetryBatch.Parsed batch) {
        delivering.lock();
        try {
            skippedEvents.add(batch.skipped());
            if (batch.skipped() > 0) {
                sink.refused("invalid_event", batch.skipped());
            }
            if (!batch.events().isEmpty()) {
                sink.accept(batch.events());
            }
            accepted.increment();
        } catch (RuntimeException e) {
            // The sink's failure must not end the connection: the next batch may well be fine.
            LOG.log(WARNING, "a telemetry batch was lost: " + e, e);
        } finally {
            delivering.unlock();
        }
    }

    /**
     * Stops accepting and ends every connection, once a batch that is being handed over is in;
     * waits at most the given time.
     */
    public void close(long timeoutMillis) {
        closeQuietly(socket);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        // A thread that is reading is woken by its socket's closing; one that is delivering
        // finishes first and then finds its socket closed.
        connections.keySet().forEach(TelemetryListener::closeQuietly);
        for (Connection connection : connections.values()) {
            try {
                connection.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(1));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is all that is left to do.
        }
    }
}
