package io.lambdascope.extension.lifecycle;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 to Lambda's local APIs (Extensions and Telemetry) over one kept-alive connection.
 *
 * <p>The JDK's HttpClient would do, but building one loads its selector thread and the JDK's TLS
 * stack, about 70 ms of a cold start spent before the register request, and Lambda starts the
 * function's runtime only once every extension has registered. These APIs are plain HTTP on a
 * local address with small JSON bodies, which this covers: Content-Length or chunked answers, and
 * a fresh connection when a kept-alive one turns out closed. One call at a time.
 */
public final class LambdaApiClient {

    /** Lambda's answers are small JSON documents; anything far larger is not Lambda. */
    static final int MAX_BODY = 1024 * 1024;
    private static final int MAX_HEAD = 64 * 1024;

    /**
     * An answer.
     *
     * @param headers first value of each header, by lower-case name
     */
    public record Answer(int status, Map<String, String> headers, String body) {

        /** A header's value, by case-insensitive name. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** The kept-alive connection ended before its answer began: the request may be sent again. */
    private static final class Stale extends IOException {
        Stale(String message) {
            super(message);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private LambdaApiClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * A client of the APIs at {@code host:port}.
     *
     * @param runtimeApi the value of {@code AWS_LAMBDA_RUNTIME_API}
     * @throws IllegalArgumentException when it is not {@code host:port}
     */
    public static LambdaApiClient of(String runtimeApi) {
        int colon = runtimeApi.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API is not host:port: " + runtimeApi);
        }
        String host = runtimeApi.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new LambdaApiClient(host, Integer.parseInt(runtimeApi.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API has no port number: " + runtimeApi, e);
        }
    }

    /** The address, as {@code host:port}. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Sends a request and reads its answer. A request on a kept-alive connection the other side
     * has since closed is sent once more on a new one; nothing of it had been read.
     *
     * @param method the method
     * @param path the path, from the root
     * @param headers extra request headers
     * @param json a JSON body, or null for none
     * @return the answer, whatever its status
     * @throws IOException when the API cannot be reached or answers malformed HTTP
     */
    public synchronized Answer send(String method, String path, Map<String, String> headers, String json) throws IOException {
        byte[] request = request(method, path, headers, json);
        boolean reused = socket != null;
        try {
            return exchange(request);
        } catch (Stale e) {
            close();
            if (!reused) {
                throw e;
            }
            return exchange(request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Closes the connection; the next request opens a new one. */
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that was asked.
            }
            socket = null;
        }
    }

    private byte[] request(String method, String path, Map<String, String> headers, String json) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(address()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (json != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    private Answer exchange(byte[] request) throws IOException {
        if (socket == null) {
            Socket fresh = new Socket();
            fresh.setTcpNoDelay(true);
            // No connect timeout: the API is on loopback, where a connect succeeds or is refused at
            // once, and a timed connect leaves the JDK's socket non-blocking for good, so that
            // every later read costs a failed read, a poll and a second read.
            fresh.connect(new InetSocketAddress(host, port));
            socket = fresh;
            in = new BufferedInputStream(fresh.getInputStream(), 8192);
            out = fresh.getOutputStream();
        }
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw new Stale("the connection was closed: " + e.getMessage());
        }
        int first = in.read();
        if (first < 0) {
            throw new Stale("the connection was closed before an answer");
        }
        String statusLine = line(in, first);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + statusLine, e);
        }
        Map<String, String> headers = new HashMap<>();
        int headBytes = statusLine.length();
        for (String line; !(line = line(in, in.read())).isEmpty(); ) {
            headBytes += line.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("answer head longer than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        byte[] body = body(status, headers);
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Answer(status, Map.copyOf(headers), new String(body, StandardCharsets.UTF_8));
    }

    private byte[] body(int status, Map<String, String> headers) throws IOException {
        if (status / 100 == 1 || status == 204 || status == 304) {
            return new byte[0];
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in, in.read());
                int semicolon = size.indexOf(';');
                int length;
                try {
                    length = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + size, e);
                }
                if (length == 0) {
                    while (!line(in, in.read()).isEmpty()) {
                        // Trailer fields: none of Lambda's answers has one that matters.
                    }
                    return body.toByteArray();
                }
                if (body.size() + length > MAX_BODY) {
                    throw new IOException("answer body larger than " + MAX_BODY + " bytes");
                }
                body.write(in.readNBytes(length));
                line(in, in.read());
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length: " + length, e);
            }
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("answer body of " + n + " bytes; at most " + MAX_BODY + " expected");
            }
            byte[] body = in.readNBytes((int) n);
            if (body.length < n) {
                throw new EOFException("the connection was closed in the middle of an answer");
            }
            return body;
        }
        byte[] body = in.readNBytes(MAX_BODY + 1);
        close();
        if (body.length > MAX_BODY) {
            throw new IOException("answer body larger than " + MAX_BODY + " bytes");
        }
        return body;
    }

    /** One line, without its CR LF, from its first byte on. */
    private static String line(InputStream in, int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = first; b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection was closed in the middle of an answer");
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > MAX_HEAD) {
                throw new IOException("answer line longer than " + MAX_HEAD + " bytes");
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
