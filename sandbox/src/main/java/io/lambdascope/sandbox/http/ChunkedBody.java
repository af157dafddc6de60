package io.lambdascope.sandbox.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A {@code Transfer-Encoding: chunked} request body (RFC 9112 §7.1), including the trailer section
 * after the last chunk, which is the reason this server exists: Lambda's streamed responses report
 * errors there.
 */
final class ChunkedBody extends InputStream {

    /** Longest chunk-size line, extensions included. */
    private static final int MAX_SIZE_LINE = 4096;

    private final InputStream in;
    private long chunkRemaining;
    private boolean ended;
    private Map<String, List<String>> trailers = Map.of();

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    /** The trailer fields, names lower-cased; empty until the body has been read to its end. */
    Map<String, List<String>> trailers() {
        return trailers;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (chunkRemaining == 0) {
            chunkRemaining = nextChunkSize();
            if (chunkRemaining == 0) {
                trailers = new HeadReader(in, HeadReader.MAX_HEAD_BYTES).fields();
                ended = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            expectLineEnd();
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return ended ? 0 : (int) Math.min(in.available(), chunkRemaining);
    }

    private long nextChunkSize() throws IOException {
        String line = new HeadReader(in, MAX_SIZE_LINE).line(false);
        int end = line.indexOf(';'); // chunk extensions carry nothing this server uses
        String hex = (end < 0 ? line : line.substring(0, end)).stripTrailing();
        if (hex.isEmpty() || hex.length() > 15 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new MalformedRequestException("bad chunk size");
        }
        return Long.parseLong(hex, 16);
    }

    private void expectLineEnd() throws IOException {
        int c = in.read();
        if (c == '\r') {
            c = in.read();
        }
        if (c < 0) {
            throw new EOFException("connection closed after a chunk");
        }
        if (c != '\n') {
            throw new MalformedRequestException("chunk data longer than its size");
        }
    }
}
