package io.lambdascope.sandbox.telemetry;

import java.time.Duration;

/**
 * How much one subscriber may have waiting before new events are dropped, and how long a failed
 * post waits before its first retry (doubling after that).
 *
 * @param items        most queued events
 * @param bytes        most queued bytes
 * @param retryBackoff wait before the first retry
 */
record QueueLimits(int items, long bytes, Duration retryBackoff) {

    /** Ten full batches of the largest kind: far more than a healthy listener ever lets pile up. */
    static final QueueLimits DEFAULT = new QueueLimits(100_000, 10L * Buffering.MAX_BYTES, Duration.ofMillis(100));
}
