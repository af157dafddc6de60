package io.lambdascope.sandbox.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client over a plain socket that writes exactly what it is given, for what
 * java.net.http.HttpClient will not send: chunked bodies with trailers, malformed framing,
 * headers such as Lambda's as they are on the wire.
 */
public final class RawHttp implements AutoCloseable {

    /** A parsed response; header names lower-cased. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header's value, by lower-case name, or {@code ""}. */
        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    /**
     * Connects to {@code hostAndPort}, e.g. the value of AWS_LAMBDA_RUNTIME_API.
     *
     * @param readTimeout a bound on every read, or zero for none (a long poll)
     */
    public RawHttp(String hostAndPort, Duration readTimeout) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        socket = new Socket(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        host = hostAndPort;
    }

    /** Connects to a server's address, with a read bound so that a broken server fails a test instead of hanging it. */
    public RawHttp(InetSocketAddress address) throws IOException {
        this(address.getHostString() + ":" + address.getPort(), Duration.ofSeconds(10));
    }

    /** Sends a request with a Content-Length body (none when {@code body} is empty) and reads the answer. */
    public Response exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Length", Integer.toString(body.length));
        head(method, path, all);
        send(body);
        return read();
    }

    /** Sends the request line and exactly these headers, no body: the caller frames what follows. */
    public RawHttp head(String method, String path, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return send(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a chunked request, one chunk per element, then the trailers, and reads the answer. */
    public Response chunked(String method, String path, Map<String, String> headers, List<byte[]> chunks,
            Map<String, String> trailers) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Transfer-Encoding", "chunked");
        head(method, path, all);
        for (byte[] chunk : chunks) {
            send((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            send(chunk);
            send("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        StringBuilder end = new StringBuilder("0\r\n");
        trailers.forEach((name, value) -> end.append(name).append(": ").append(value).append("\r\n"));
        end.append("\r\n");
        send(end.toString().getBytes(StandardCharsets.ISO_8859_1));
        return read();
    }

    /** Writes raw text, ISO-8859-1 encoded as HTTP's head is. */
    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes raw bytes. */
    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one response, its body framed by Content-Length, chunking or the connection's end. */
    public Response read() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if (status == 100) {
            return new Response(status, headers, new byte[0]);
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(line(), 16)) > 0; ) {
                all.write(in.readNBytes(size));
                line();
            }
            line();
            body = all.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    /** Whether the server closed the connection (end of stream or reset) without sending anything more. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed mid-line: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
