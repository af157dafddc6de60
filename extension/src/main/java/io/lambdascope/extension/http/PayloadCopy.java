package io.lambdascope.extension.http;

import java.io.ByteArrayOutputStream;

/** A bounded copy of a payload read off the wire; beyond its cap only the count goes on. */
public final class PayloadCopy {

    private final int max;
    private ByteArrayOutputStream bytes;
    private long total;

    /** A copy that keeps at most {@code max} bytes; 0 keeps only the count. */
    public PayloadCopy(int max) {
        this.max = max;
    }

    void write(byte[] buffer, int offset, int length) {
        total += length;
        if (max == 0) {
            return;
        }
        if (bytes == null) {
            bytes = new ByteArrayOutputStream(Math.min(max, 4096));
        }
        int keep = (int) Math.min(length, max - bytes.size());
        if (keep > 0) {
            bytes.write(buffer, offset, keep);
        }
    }

    /** What was kept, at most the cap. */
    public byte[] bytes() {
        return bytes == null ? new byte[0] : bytes.toByteArray();
    }

    /** Payload bytes relayed, kept or not. */
    public long total() {
        return total;
    }

    /** Whether more was relayed than kept. */
    public boolean truncated() {
        return total > (bytes == null ? 0 : bytes.size());
    }
}
