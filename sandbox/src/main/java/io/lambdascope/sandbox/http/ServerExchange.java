package io.lambdascope.sandbox.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The server's side of one exchange: request framing, 100-continue, responses, and what is left to drain. */
final class ServerExchange implements HttpExchange {

    /** Unread body bytes the server reads and discards to keep a connection; past this it closes instead. */
    static final long DRAIN_LIMIT = 1 << 20;

    private final Connection connection;
    private final RequestHead head;
    private final InputStream framed;
    private final boolean chunked;
    private final boolean expectContinue;
    private final InputStream body = new Body();
    private boolean continueSent;
    private boolean bodyEnded;
    private boolean malformedBody;
    private boolean brokenBody;
    private boolean responded;
    private boolean closeAfter;
    private boolean aborted;
    private ChunkedResponseStream chunkedResponse;

    /** Sets up the body's framing from the head; a head that frames ambiguously is malformed. */
    ServerExchange(Connection connection, RequestHead head) throws MalformedRequestException {
        this.connection = connection;
        this.head = head;
        List<String> codings = head.values("transfer-encoding");
        List<String> lengths = head.values("content-length");
        if (!codings.isEmpty()) {
            // Both framings at once is the classic request smuggling shape (RFC 9112 §6.3).
            if (!lengths.isEmpty()) {
                throw new MalformedRequestException("both Transfer-Encoding and Content-Length");
            }
            if (head.http10() || !String.join(",", codings).strip().equalsIgnoreCase("chunked")) {
                throw new MalformedRequestException("unsupported Transfer-Encoding: " + String.join(",", codings));
            }
            chunked = true;
            framed = new ChunkedBody(connection.in());
        } else {
            chunked = false;
            long length = contentLength(lengths);
            framed = new FixedLengthBody(connection.in(), length);
            bodyEnded = length == 0;
        }
        List<String> expect = head.values("expect");
        if (!expect.isEmpty() && !(expect.size() == 1 && expect.getFirst().equalsIgnoreCase("100-continue"))) {
            throw new MalformedRequestException(417, "unsupported expectation: " + String.join(",", expect));
        }
        expectContinue = !expect.isEmpty() && !head.http10() && !bodyEnded;
    }

    private static long contentLength(List<String> values) throws MalformedRequestException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String digits = part.strip();
                if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
                    throw new MalformedRequestException("bad Content-Length");
                }
                long parsed = Long.parseLong(digits);
                if (length >= 0 && parsed != length) {
                    throw new MalformedRequestException("conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        return Math.max(length, 0);
    }

    @Override public String method() { return head.method(); }
    @Override public String path() { return head.path(); }
    @Override public String query() { return head.query(); }
    @Override public Optional<String> header(String name) { return head.values(name).stream().findFirst(); }
    @Override public List<String> headers(String name) { return head.values(name); }
    @Override public Map<String, List<String>> headers() { return head.headers(); }
    @Override public boolean chunked() { return chunked; }
    @Override public InputStream body() { return body; }
    @Override public InetSocketAddress remote() { return connection.remote(); }
    @Override public boolean responded() { return responded; }

    @Override
    public Map<String, List<String>> trailers() {
        return framed instanceof ChunkedBody c ? c.trailers() : Map.of();
    }

    @Override
    public byte[] readBody(long maxBytes) throws BodyTooLargeException {
        // A declared length over the limit fails before reading, and before any 100 Continue.
        if (framed instanceof FixedLengthBody f && f.remaining() > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                if (out.size() + (long) n > maxBytes) {
                    throw new BodyTooLargeException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void respond(int status, String contentType, byte[] body) {
        respond(status, Map.of(), contentType, body);
    }

    @Override
    public void respond(int status, Map<String, String> headers, String contentType, byte[] body) {
        boolean noBody = status == 204 || status == 304;
        StringBuilder head = startHead(status, headers, contentType);
        if (!noBody) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        try {
            OutputStream out = connection.out();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!noBody && !this.head.method().equals("HEAD")) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public OutputStream respondChunked(int status, Map<String, String> headers, String contentType) {
        ChunkedResponseStream.Framing framing;
        if (head.method().equals("HEAD")) {
            framing = ChunkedResponseStream.Framing.NONE;
        } else if (head.http10()) {
            closeAfter = true; // an HTTP/1.0 client knows the body ended when the connection does
            framing = ChunkedResponseStream.Framing.UNTIL_CLOSE;
        } else {
            framing = ChunkedResponseStream.Framing.CHUNKED;
        }
        StringBuilder text = startHead(status, headers, contentType);
        if (framing != ChunkedResponseStream.Framing.UNTIL_CLOSE) {
            text.append("Transfer-Encoding: chunked\r\n");
        }
        try {
            connection.out().write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            connection.out().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chunkedResponse = new ChunkedResponseStream(connection.out(), framing);
        return chunkedResponse;
    }

    @Override
    public void abort() {
        aborted = true;
        connection.abort();
    }

    boolean aborted() {
        return aborted;
    }

    boolean malformedBody() {
        return malformedBody;
    }

    /** Whether reading the body failed: the client went away or sent a malformed body. */
    boolean brokenBody() {
        return brokenBody;
    }

    /**
     * Completes the exchange after the handler returned: ends an open chunked response and drains
     * what the handler left of the body. Returns whether the connection can carry another request.
     */
    boolean finish() throws IOException {
        if (chunkedResponse != null) {
            chunkedResponse.close();
        }
        connection.out().flush();
        if (closeAfter) {
            return false;
        }
        if (!bodyEnded) {
            if (expectContinue && !continueSent) {
                return false; // the client is still waiting to send; closing is how it learns not to
            }
            long drained = 0;
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                drained += n;
                if (drained > DRAIN_LIMIT) {
                    return false;
                }
            }
        }
        return true;
    }

    private StringBuilder startHead(int status, Map<String, String> headers, String contentType) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200..599: " + status);
        }
        if (aborted) {
            throw new IllegalStateException("exchange was aborted");
        }
        if (responded) {
            throw new IllegalStateException("response already started");
        }
        responded = true;
        closeAfter = closeAfter || head.wantsClose() || connection.closing()
                || (!bodyEnded && expectContinue && !continueSent)
                || (framed instanceof FixedLengthBody f && f.remaining() > DRAIN_LIMIT);
        StringBuilder text = new StringBuilder(256);
        text.append("HTTP/1.1 ").append(status).append(' ').append(Reasons.of(status)).append("\r\n");
        if (contentType != null && !contentType.isEmpty()) {
            appendField(text, "Content-Type", contentType);
        }
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("connection") && value.toLowerCase(Locale.ROOT).contains("close")) {
                closeAfter = true;
            } else if (!lower.equals("content-length") && !lower.equals("transfer-encoding")
                    && !lower.equals("connection") && !lower.equals("content-type")) {
                appendField(text, name, value); // framing headers are the server's to write
            }
        });
        if (closeAfter) {
            text.append("Connection: close\r\n");
        } else if (head.http10()) {
            text.append("Connection: keep-alive\r\n");
        }
        return text;
    }

    private static void appendField(StringBuilder text, String name, String value) {
        // A CR or LF from a handler would let one header split the response in two.
        if (!HeadReader.isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid response header: " + name);
        }
        text.append(name).append(": ").append(value).append("\r\n");
    }

    /** The body as the handler sees it: sends 100 Continue on first read, notes EOF and malformation. */
    private final class Body extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (bodyEnded) {
                return -1;
            }
            if (expectContinue && !continueSent && !responded) {
                continueSent = true;
                connection.out().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                connection.out().flush();
            }
            try {
                int n = framed.read(b, off, len);
                if (n < 0) {
                    bodyEnded = true;
                }
                return n;
            } catch (MalformedRequestException e) {
                malformedBody = true;
                brokenBody = true;
                throw e;
            } catch (IOException e) {
                brokenBody = true;
                throw e;
            }
        }

        @Override
        public int available() throws IOException {
            return framed.available();
        }
    }
}
