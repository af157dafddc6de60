package io.lambdascope.sandbox.http;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small, strict HTTP/1.1 server: one virtual thread per connection, keep-alive and pipelining,
 * chunked bodies with trailers, {@code Expect: 100-continue}. It listens only on the address given.
 *
 * <p>Starts listening at once; {@link #close()} stops accepting, closes every open connection and
 * interrupts handlers still running, so a handler blocked in a long poll ends too.
 */
public final class HttpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    /** How long {@link #close()} waits for handlers to return after interrupting them. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ServerSocket serverSocket;
    private final HttpHandler handler;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private HttpServer(ServerSocket serverSocket, HttpHandler handler) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.acceptor = Thread.ofVirtual().name("http-accept-" + serverSocket.getLocalPort()).unstarted(this::accept);
    }

    /**
     * Binds {@code address:port} and starts serving.
     *
     * @param port a port, or 0 for an ephemeral one (see {@link #port()})
     */
    public static HttpServer start(InetAddress address, int port, HttpHandler handler) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 128);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        HttpServer server = new HttpServer(socket, handler);
        server.acceptor.start();
        return server;
    }

    /** The port listened on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The address and port listened on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accepting on port " + port() + " failed; server stops", e);
                }
                return;
            }
            try {
                socket.setTcpNoDelay(true); // answers are small and often awaited one by one
                Connection connection = new Connection(socket, handler);
                Thread thread = Thread.ofVirtual().name("http-" + socket.getPort()).unstarted(() -> {
                    try {
                        connection.run();
                    } finally {
                        connections.remove(connection);
                    }
                });
                connection.thread(thread);
                connections.add(connection);
                thread.start();
                if (closed) {
                    connection.close(); // close() may have passed this connection by
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "dropping connection: " + e);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
    }

    /** Stops accepting, closes every connection and waits briefly for running handlers to return. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing server socket: " + e);
        }
        Set<Connection> open = Set.copyOf(connections);
        open.forEach(Connection::close);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            acceptor.join(CLOSE_WAIT);
            for (Connection connection : open) {
                Thread thread = connection.thread();
                long left = deadline - System.nanoTime();
                if (thread != null && thread != Thread.currentThread() && left > 0) {
                    thread.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "HttpServer[" + address() + "]";
    }
}
