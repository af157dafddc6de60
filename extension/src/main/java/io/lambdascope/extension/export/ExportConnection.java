package io.lambdascope.extension.export;

import io.lambdascope.extension.http.Body;
import io.lambdascope.extension.http.HttpHead;
import io.lambdascope.extension.http.PayloadCopy;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the export endpoint, plain or TLS, carrying one request at a time and
 * kept alive between them.
 *
 * <p>The JDK's HTTP client would do, but it keeps a selector thread and runs its work on an
 * executor, and every thaw of a frozen environment wakes every thread of the process, on every
 * invocation. It also loads about 160 classes, and a TLS context even for plain http. One POST at
 * a time per connection needs none of that: a blocking socket, written and then read by the thread
 * that sends.
 *
 * <p>There is no timeout here: the exporter waits for the answer on another thread and closes the
 * connection when the time is up, which ends a connect, a read or a write blocked on it.
 */
final class ExportConnection implements AutoCloseable {

    /**
     * An answer.
     *
     * @param head the status line and headers
     * @param body the body of a 2xx answer, cut at {@link Attempt#MAX_RESPONSE_BYTES}; empty for any other
     */
    record Answer(HttpHead head, byte[] body) {

        int status() {
            return head.status();
        }

        Optional<String> header(String name) {
            return head.header(name);
        }
    }

    /** The body read off the wire, framing included, past which the connection is dropped instead of read on. */
    private static final int MAX_READ = 2 * Attempt.MAX_RESPONSE_BYTES;

    private final ExportEndpoint endpoint;
    private final SSLSocketFactory tls;
    private final Socket socket = new Socket();
    private InputStream in;
    private OutputStream out;
    private boolean reusable = true;

    /**
     * A connection not yet made: the first {@link #exchange} connects.
     *
     * @param tls for an https endpoint; null for http
     */
    ExportConnection(ExportEndpoint endpoint, SSLSocketFactory tls) {
        this.endpoint = endpoint;
        this.tls = tls;
    }

    /**
     * Sends a request and reads its answer, connecting first if this connection is new.
     *
     * @param request the request's head and body, as sent
     * @param connectMillis how long a connect may take
     * @throws IOException when the connection cannot be made, breaks, or the answer is not HTTP/1.1
     */
    Answer exchange(byte[] request, int connectMillis) throws IOException {
        if (in == null) {
            connect(connectMillis);
        }
        try {
            out.write(request);
            out.flush();
            HttpHead head;
            do {
                head = HttpHead.read(in).orElseThrow(() -> new EOFException("the connection was closed before an answer"));
                if (!head.startLine().startsWith("HTTP/1.") || head.status() == 0) {
                    throw new IOException("not an HTTP/1.1 answer: " + printable(head.startLine()));
                }
            } while (head.status() / 100 == 1); // an interim answer such as 100 Continue: the final one follows
            byte[] body = body(head);
            reusable &= !head.closes();
            return new Answer(head, body);
        } catch (IOException | RuntimeException e) {
            reusable = false;
            throw e;
        }
    }

    private void connect(int connectMillis) throws IOException {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), connectMillis);
        Socket used = socket;
        if (tls != null) {
            SSLSocket secure = (SSLSocket) tls.createSocket(socket, endpoint.host(), endpoint.port(), true);
            SSLParameters parameters = secure.getSSLParameters();
            // Host names are checked whatever the trust manager; one that accepts anything (insecure
            // skip verify) is an extended trust manager, which skips this check itself.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            used = secure;
        }
        in = new BufferedInputStream(used.getInputStream(), 8192);
        out = used.getOutputStream();
    }

    /**
     * The body, of which only a 2xx answer's is kept. One longer than an OTLP answer ever is, is not
     * read to its end: the connection is dropped instead.
     */
    private byte[] body(HttpHead head) throws IOException {
        PayloadCopy kept = new PayloadCopy(head.status() / 100 == 2 ? Attempt.MAX_RESPONSE_BYTES : 0);
        Bounded framing = new Bounded();
        try {
            reusable &= !Body.response(head, in, framing, kept).endedByClose();
        } catch (Bounded.TooLong e) {
            reusable = false;
        }
        return kept.bytes();
    }

    /** Whether another request may use this connection: every answer so far was read whole, and none asked to close. */
    boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /** Closes the connection; an exchange blocked on it ends with an exception. */
    @Override
    public void close() {
        reusable = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that was asked.
        }
    }

    private static String printable(String line) {
        String text = line.replaceAll("\\p{Cntrl}", " ");
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    /** Where the relay of an answer's body goes: nowhere, up to {@link #MAX_READ} bytes. */
    private static final class Bounded extends OutputStream {

        static final class TooLong extends IOException {
            TooLong() {
                super("answer body longer than " + MAX_READ + " bytes");
            }
        }

        private long count;

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(int n) throws TooLong {
            count += n;
            if (count > MAX_READ) {
                throw new TooLong();
            }
        }
    }
}
