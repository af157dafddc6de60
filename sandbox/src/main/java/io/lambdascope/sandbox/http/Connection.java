package io.lambdascope.sandbox.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One client connection and the requests it carries, served in order on one virtual thread. */
final class Connection implements Runnable {

    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    /** How long a closing connection keeps reading what the client still sends, so its answer is not reset. */
    private static final int LINGER_MILLIS = 1000;
    private static final long LINGER_BYTES = 8L << 20;

    private final Socket socket;
    private final HttpHandler handler;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean closing;
    private volatile boolean aborted;
    private volatile Thread thread;

    Connection(Socket socket, HttpHandler handler) throws IOException {
        this.socket = socket;
        this.handler = handler;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    InputStream in() { return in; }
    OutputStream out() { return out; }
    InetSocketAddress remote() { return (InetSocketAddress) socket.getRemoteSocketAddress(); }
    boolean closing() { return closing; }
    Thread thread() { return thread; }

    void thread(Thread thread) {
        this.thread = thread;
    }

    @Override
    public void run() {
        boolean graceful = false;
        try {
            graceful = serveAll();
        } catch (IOException | UncheckedIOException e) {
            // The peer went away or the server is closing: nothing left to answer.
            LOG.log(Level.DEBUG, () -> "connection from " + remote() + " ended: " + e);
        } finally {
            end(graceful);
        }
    }

    /** Serves requests until one ends the connection; returns whether to close gracefully. */
    private boolean serveAll() throws IOException {
        while (!closing) {
            ServerExchange exchange;
            try {
                Optional<RequestHead> head = HeadReader.readRequest(in);
                if (head.isEmpty()) {
                    return false;
                }
                exchange = new ServerExchange(this, head.get());
            } catch (MalformedRequestException e) {
                answerAndClose(e.status(), e.getMessage());
                return true;
            }
            if (!serve(exchange)) {
                return !aborted;
            }
        }
        return false;
    }

    /** Runs the handler for one exchange; returns whether the connection can carry another request. */
    private boolean serve(ServerExchange exchange) throws IOException {
        try {
            handler.handle(exchange);
        } catch (Exception e) {
            if (exchange.aborted() || closing) {
                return false;
            }
            if (exchange.malformedBody()) {
                if (!exchange.responded()) {
                    answerAndClose(400, e.getMessage());
                }
                return false;
            }
            if (e instanceof UncheckedIOException || e instanceof SocketException || exchange.brokenBody()) {
                return false; // the client went away mid-request or mid-response: no one to answer
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return false;
            }
            LOG.log(Level.WARNING, "handler failed for " + exchange.method() + " " + exchange.path(), e);
            if (!exchange.responded()) {
                answerAndClose(500, "handler failed: " + e);
            }
            return false;
        }
        if (exchange.aborted()) {
            return false;
        }
        if (!exchange.responded()) {
            exchange.respond(500, "text/plain; charset=utf-8",
                    ("handler returned without answering " + exchange.method() + " " + exchange.path())
                            .getBytes(StandardCharsets.UTF_8));
        }
        return exchange.finish();
    }

    private void answerAndClose(int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + Reasons.of(status) + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Closes without answering: the exchange was aborted. */
    void abort() {
        aborted = true;
        closeSocket();
    }

    /** Closes at once and interrupts a handler that may be blocked on something other than the socket. */
    void close() {
        closing = true;
        closeSocket();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    /**
     * Ends the connection. A graceful end half-closes and reads what the client still sends for a
     * moment: closing a socket with unread input makes TCP send a reset, which can destroy the
     * answer the client has not read yet.
     */
    private void end(boolean graceful) {
        if (graceful && !closing && !aborted) {
            try {
                out.flush();
                socket.shutdownOutput();
                socket.setSoTimeout(LINGER_MILLIS);
                byte[] buffer = new byte[16 * 1024];
                long read = 0;
                for (int n; read < LINGER_BYTES && (n = in.read(buffer)) >= 0; ) {
                    read += n;
                }
            } catch (IOException e) {
                // the linger is best effort
            }
        }
        closeSocket();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "closing " + socket + ": " + e);
        }
    }
}
