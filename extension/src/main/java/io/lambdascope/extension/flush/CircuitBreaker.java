package io.lambdascope.extension.flush;

import java.time.Duration;

/**
 * Stops invocations from waiting on a backend that keeps failing. After {@value #FAILURES_TO_OPEN}
 * failed flushes in a row it opens: invocations no longer wait for exports, and the export thread
 * sends nothing until a cool-down has passed; then one flush probes the backend. Success closes the
 * breaker; failure opens it again for twice as long, up to {@link #MAX_COOL_DOWN}. Telemetry keeps
 * being buffered meanwhile, within the buffer's bound.
 */
final class CircuitBreaker {

    static final int FAILURES_TO_OPEN = 3;
    static final Duration FIRST_COOL_DOWN = Duration.ofSeconds(1);
    static final Duration MAX_COOL_DOWN = Duration.ofSeconds(60);

    private int failuresInARow;
    private long coolDownNanos = FIRST_COOL_DOWN.toNanos();
    private long openUntilNanos;
    private boolean open;

    /** Whether invocations may wait for exports: only while the backend has been answering. */
    synchronized boolean closed() {
        return !open;
    }

    /** Whether the export thread may send now: closed, or open with its cool-down over (a probe). */
    synchronized boolean allowsExport(long nowNanos) {
        return !open || nowNanos - openUntilNanos >= 0;
    }

    /** When the next probe may go, as a {@link System#nanoTime()} value; meaningful while open. */
    synchronized long probeAtNanos() {
        return openUntilNanos;
    }

    /** A flush sent everything it took. */
    synchronized void success() {
        failuresInARow = 0;
        open = false;
        coolDownNanos = FIRST_COOL_DOWN.toNanos();
    }

    /**
     * A flush failed, or an invocation gave up waiting for one.
     *
     * @return whether this failure opened the breaker
     */
    synchronized boolean failure(long nowNanos) {
        failuresInARow++;
        if (open) {
            // A failed probe: wait longer before the next one.
            coolDownNanos = Math.min(coolDownNanos * 2, MAX_COOL_DOWN.toNanos());
            openUntilNanos = nowNanos + coolDownNanos;
            return false;
        }
        if (failuresInARow >= FAILURES_TO_OPEN) {
            open = true;
            openUntilNanos = nowNanos + coolDownNanos;
            return true;
        }
        return false;
    }
}
