package io.lambdascope.sandbox.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of a chunked response. Writes are gathered into chunks of up to {@value #CHUNK} bytes
 * so that single-byte writes do not become single-byte chunks; {@code flush()} sends what is
 * gathered, which is what a streaming handler wants.
 */
final class ChunkedResponseStream extends OutputStream {

    /** How the body goes on the wire. */
    enum Framing {
        /** HTTP/1.1: chunks and a last chunk. */
        CHUNKED,
        /** HTTP/1.0 has no chunking: raw bytes, and the connection's end ends the body. */
        UNTIL_CLOSE,
        /** A response to HEAD has no body at all. */
        NONE
    }

    private static final int CHUNK = 8192;

    private final OutputStream out;
    private final Framing framing;
    private final byte[] buffer = new byte[CHUNK];
    private int count;
    private boolean closed;

    ChunkedResponseStream(OutputStream out, Framing framing) {
        this.out = out;
        this.framing = framing;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) {
            emit(buffer, 0, count);
            count = 0;
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        if (len > buffer.length - count) {
            emit(buffer, 0, count);
            count = 0;
        }
        if (len >= buffer.length) {
            emit(b, off, len);
        } else {
            System.arraycopy(b, off, buffer, count, len);
            count += len;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        emit(buffer, 0, count);
        count = 0;
        out.flush();
    }

    /** Ends the response: sends what is gathered and the last chunk. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        emit(buffer, 0, count);
        count = 0;
        closed = true;
        if (framing == Framing.CHUNKED) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
    }

    private void emit(byte[] b, int off, int len) throws IOException {
        if (len == 0 || framing == Framing.NONE) {
            return;
        }
        if (framing == Framing.CHUNKED) {
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write('\r');
            out.write('\n');
        } else {
            out.write(b, off, len);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("response already ended");
        }
    }
}
