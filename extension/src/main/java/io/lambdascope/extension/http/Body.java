package io.lambdascope.extension.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays one message body from one connection to the other as it arrives, byte for byte, framing
 * included: chunk sizes, chunk extensions and trailer fields reach the other side exactly as sent.
 * The framing is read only to know where the body ends; a copy of the payload, bounded, goes to
 * a {@link PayloadCopy} for capture.
 */
public final class Body {

    private static final int BUFFER = 16 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    private Body() {
    }

    /** What the relay saw besides the payload. */
    public record Relayed(List<HttpHead.Field> trailers, boolean endedByClose) {
        public static final Relayed NONE = new Relayed(List.of(), false);
    }

    /** A request body: framed by chunking or Content-Length; none without either. */
    public static Relayed request(HttpHead head, InputStream in, OutputStream out, PayloadCopy copy) throws IOException {
        if (head.chunked()) {
            return chunked(in, out, copy);
        }
        long length = head.contentLength();
        if (length > 0) {
            fixed(length, in, out, copy);
        }
        return Relayed.NONE;
    }

    /** A response body: as a request's, plus none for 1xx, 204 and 304, and to the end of the connection otherwise. */
    public static Relayed response(HttpHead head, InputStream in, OutputStream out, PayloadCopy copy) throws IOException {
        int status = head.status();
        if (status / 100 == 1 || status == 204 || status == 304) {
            return Relayed.NONE;
        }
        if (head.chunked()) {
            return chunked(in, out, copy);
        }
        long length = head.contentLength();
        if (length >= 0) {
            fixed(length, in, out, copy);
            return Relayed.NONE;
        }
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            out.flush();
            copy.write(buffer, 0, n);
        }
        return new Relayed(List.of(), true);
    }

    private static void fixed(long length, InputStream in, OutputStream out, PayloadCopy copy) throws IOException {
        copy.expect(length);
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed with " + left + " of " + length + " body bytes to come");
            }
            out.write(buffer, 0, n);
            copy.write(buffer, 0, n);
            left -= n;
        }
        out.flush();
    }

    private static Relayed chunked(InputStream in, OutputStream out, PayloadCopy copy) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (true) {
            byte[] sizeLine = line(in);
            out.write(sizeLine);
            long size = chunkSize(sizeLine);
            if (size == 0) {
                break;
            }
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("connection closed inside a chunk");
                }
                out.write(buffer, 0, n);
                copy.write(buffer, 0, n);
                left -= n;
            }
            out.write(line(in)); // the CRLF after the chunk's data
            // Each chunk goes on at once: a streamed response is read by its client as it comes.
            out.flush();
        }
        List<HttpHead.Field> trailers = new ArrayList<>();
        while (true) {
            byte[] line = line(in);
            out.write(line);
            String text = new String(line, StandardCharsets.ISO_8859_1).strip();
            if (text.isEmpty()) {
                break;
            }
            int colon = text.indexOf(':');
            if (colon > 0) {
                trailers.add(new HttpHead.Field(text.substring(0, colon).strip(), text.substring(colon + 1).strip()));
            }
        }
        out.flush();
        return new Relayed(List.copyOf(trailers), false);
    }

    private static long chunkSize(byte[] line) throws IOException {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        int end = text.indexOf(';');
        String hex = (end < 0 ? text : text.substring(0, end)).strip();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line: " + text.strip());
        }
    }

    /** One line with its line end. */
    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside chunked framing");
            }
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
            if (line.size() > MAX_LINE) {
                throw new IOException("chunked framing line longer than " + MAX_LINE + " bytes");
            }
        }
    }
}
