package io.lambdascope.extension.http;

import java.util.Arrays;

/**
 * A bounded copy of a payload read off the wire; beyond its cap only the count goes on. An
 * invocation's event can be 6 MB, so the copy is one array: of the payload's size when its length
 * is announced, grown by doubling otherwise, and handed out as it is rather than copied again.
 */
public final class PayloadCopy {

    private static final byte[] NONE = new byte[0];
    private static final int FIRST_SIZE = 4096;

    private final int max;
    private byte[] kept = NONE;
    private int size;
    private long total;

    /** A copy that keeps at most {@code max} bytes; 0 keeps only the count. */
    public PayloadCopy(int max) {
        this.max = max;
    }

    /** The payload's length as its head announced it, before any of it is written. */
    void expect(long length) {
        int keep = (int) Math.min(max, length);
        if (size == 0 && keep > kept.length) {
            kept = new byte[keep];
        }
    }

    void write(byte[] buffer, int offset, int length) {
        total += length;
        int keep = (int) Math.min(length, max - size);
        if (keep <= 0) {
            return;
        }
        if (size + keep > kept.length) {
            kept = Arrays.copyOf(kept, (int) Math.min(max, Math.max(size + keep, Math.max(FIRST_SIZE, 2L * kept.length))));
        }
        System.arraycopy(buffer, offset, kept, size, keep);
        size += keep;
    }

    /**
     * What was kept, at most the cap. The array is the copy itself, not a copy of it: readers must
     * not change it.
     */
    public byte[] bytes() {
        if (kept.length != size) {
            kept = size == 0 ? NONE : Arrays.copyOf(kept, size);
        }
        return kept;
    }

    /** Payload bytes relayed, kept or not. */
    public long total() {
        return total;
    }

    /** Whether more was relayed than kept. */
    public boolean truncated() {
        return total > size;
    }
}
