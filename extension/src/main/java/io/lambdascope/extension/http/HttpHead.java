package io.lambdascope.extension.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The head of an HTTP/1.1 message as it came off the wire: its exact bytes, which the proxy
 * forwards unchanged, and the few things read from them to find where the body ends.
 *
 * @param bytes the start line and header fields with the empty line that ends them
 * @param startLine the request or status line
 * @param fields header fields as name and value, in order, names as sent
 */
public record HttpHead(byte[] bytes, String startLine, List<Field> fields) {

    /** Lambda's heads are a few hundred bytes; this bounds a peer that never ends its head. */
    static final int MAX_BYTES = 64 * 1024;

    /** A header field. */
    public record Field(String name, String value) {
    }

    /**
     * Reads one head, and nothing of the body after it. Returns empty when the connection ends
     * cleanly before a new message.
     *
     * <p>The stream is read in bulk from a mark, and then reset to just after the head: reading
     * it byte by byte took a lock per byte, twice, about a tenth of the relay's CPU.
     *
     * @param in a stream that supports {@link InputStream#mark}, such as a {@code BufferedInputStream}
     * @throws IOException when the connection ends mid-head or the head is too long
     */
    public static Optional<HttpHead> read(InputStream in) throws IOException {
        in.mark(MAX_BYTES + 1);
        byte[] buffer = new byte[1024];
        int filled = 0;
        int headEnd = -1;
        int newlines = 0; // consecutive LF seen, CR ignored
        while (headEnd < 0) {
            if (filled == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_BYTES + 1));
            }
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                if (filled == 0) {
                    return Optional.empty();
                }
                throw new EOFException("connection closed in the middle of a message head");
            }
            for (int i = filled; i < filled + read && headEnd < 0; i++) {
                if (buffer[i] == '\n') {
                    if (++newlines == 2) {
                        headEnd = i + 1;
                    }
                } else if (buffer[i] != '\r') {
                    newlines = 0;
                }
            }
            filled += read;
            if (headEnd < 0 && filled > MAX_BYTES) {
                throw new IOException("message head longer than " + MAX_BYTES + " bytes");
            }
        }
        in.reset();
        in.skipNBytes(headEnd);
        byte[] bytes = Arrays.copyOf(buffer, headEnd);
        // Split by hand: String.split with a pattern compiles it at every message, which showed
        // in the relay's profile.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String startLine = null;
        List<Field> fields = new ArrayList<>();
        for (int start = 0, end; start < text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (startLine == null) {
                startLine = line;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.add(new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
            }
        }
        return Optional.of(new HttpHead(bytes, startLine, List.copyOf(fields)));
    }

    /**
     * The first value of a header, by case-insensitive name. A loop, not a stream: the proxy asks
     * for several headers of every message, and the stream's lambdas showed in its profile.
     */
    public Optional<String> header(String name) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** A request's method. */
    public String method() {
        int space = startLine.indexOf(' ');
        return space < 0 ? startLine : startLine.substring(0, space);
    }

    /** A request's target, such as {@code /2018-06-01/runtime/invocation/next}. */
    public String target() {
        return secondWord();
    }

    /** A response's status code, or 0 when the status line is not one. */
    public int status() {
        try {
            return Integer.parseInt(secondWord());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** What follows the first space of the start line, up to the next; empty when there is none. */
    private String secondWord() {
        int start = startLine.indexOf(' ') + 1;
        if (start == 0) {
            return "";
        }
        int end = startLine.indexOf(' ', start);
        return startLine.substring(start, end < 0 ? startLine.length() : end);
    }

    /** Whether the body is chunked (the last transfer coding is {@code chunked}). */
    public boolean chunked() {
        return header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).strip().endsWith("chunked")).orElse(false);
    }

    /** The declared Content-Length; -1 when absent. */
    public long contentLength() throws IOException {
        Optional<String> length = header("Content-Length");
        if (length.isEmpty()) {
            return -1;
        }
        try {
            long value = Long.parseLong(length.get().strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + length.get());
        }
    }

    /** Whether the peer asked to close the connection after this message. */
    public boolean closes() {
        return header("Connection").map(v -> v.toLowerCase(Locale.ROOT).contains("close")).orElse(false)
                || startLine.endsWith("HTTP/1.0") || startLine.startsWith("HTTP/1.0");
    }
}
