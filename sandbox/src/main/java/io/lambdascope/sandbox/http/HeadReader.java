package io.lambdascope.sandbox.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a request head or a trailer section within a byte budget. Strict on purpose: obsolete line
 * folding, whitespace before a colon and stray CRs are rejected (RFC 9112 §5), because a lenient
 * parser is how two parsers come to disagree about where a request ends.
 */
final class HeadReader {

    /** The most a request line plus its header section, or a trailer section, may take. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private final InputStream in;
    private int remaining;

    HeadReader(InputStream in, int budget) {
        this.in = in;
        this.remaining = budget;
    }

    /** Reads the next request head, or empty when the peer closed the connection between requests. */
    static Optional<RequestHead> readRequest(InputStream in) throws IOException {
        HeadReader reader = new HeadReader(in, MAX_HEAD_BYTES);
        String line = reader.line(true);
        // RFC 9112 §2.2: a server should ignore empty lines received before the request line.
        while (line != null && line.isEmpty()) {
            line = reader.line(true);
        }
        if (line == null) {
            return Optional.empty();
        }
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new MalformedRequestException("malformed request line");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            if (version.matches("HTTP/\\d\\.\\d")) {
                throw new MalformedRequestException(505, "HTTP version not supported: " + version);
            }
            throw new MalformedRequestException("malformed request line");
        }
        String target = parts[1];
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        } else if (!target.startsWith("/") && !(target.equals("*") && parts[0].equals("OPTIONS"))) {
            throw new MalformedRequestException("malformed request target");
        }
        int q = target.indexOf('?');
        String path = decodePath(q < 0 ? target : target.substring(0, q));
        String query = q < 0 ? "" : target.substring(q + 1);
        return Optional.of(new RequestHead(parts[0], path, query, version, reader.fields()));
    }

    /** Reads header or trailer fields up to the empty line that ends them. */
    Map<String, List<String>> fields() throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line = line(false); !line.isEmpty(); line = line(false)) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new MalformedRequestException("obsolete line folding in a header field");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new MalformedRequestException("malformed header field");
            }
            String value = line.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new MalformedRequestException("control character in a header value");
                }
            }
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(value);
        }
        fields.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(fields);
    }

    /** One line without its CRLF (a bare LF is accepted, RFC 9112 §2.2); null at EOF when allowed. */
    String line(boolean eofAllowed) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed inside a message head");
            }
            if (--remaining < 0) {
                throw new MalformedRequestException("message head is larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                if (line.indexOf("\r") >= 0) {
                    throw new MalformedRequestException("stray CR in a message head");
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Percent-decodes a path (read as ISO-8859-1 bytes) as UTF-8; unlike URLDecoder, {@code +} stays a plus. */
    static String decodePath(String raw) throws MalformedRequestException {
        if (raw.chars().allMatch(c -> c != '%' && c < 0x80)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw new MalformedRequestException("bad percent-encoding in the path");
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new MalformedRequestException("bad percent-encoding in the path");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
