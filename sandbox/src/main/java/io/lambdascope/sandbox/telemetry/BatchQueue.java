package io.lambdascope.sandbox.telemetry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The events waiting for one subscriber, bounded, with the next batch worked out as they arrive:
 * as many events from the head as fit in {@code maxItems} and {@code maxBytes}. Keeping that
 * running means a busy function never makes the delivery thread rescan the queue per line.
 *
 * <p>Not thread-safe: the subscriber guards it with its lock.
 */
final class BatchQueue {

    private final Buffering buffering;
    private final QueueLimits limits;
    private final ArrayDeque<QueuedEvent> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int headCount;
    private long headBytes;
    private boolean headFull;

    BatchQueue(Buffering buffering, QueueLimits limits) {
        this.buffering = buffering;
        this.limits = limits;
    }

    /** Queues an event unless the queue is at its limits; false means the caller must count it dropped. */
    boolean offer(QueuedEvent event) {
        if (queue.size() >= limits.items() || queuedBytes + event.json().length > limits.bytes()) {
            return false;
        }
        append(event);
        return true;
    }

    /** Queues an event whatever the limits: for the notice that tells of dropped events. */
    void append(QueuedEvent event) {
        queue.addLast(event);
        queuedBytes += event.json().length;
        if (!headFull) {
            include(event);
        }
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** True when there is room for at least one more event. */
    boolean hasRoom() {
        return queue.size() < limits.items();
    }

    /** True when the next batch reached maxItems or the next event would pass maxBytes: it is due now. */
    boolean batchFull() {
        return headFull;
    }

    /** {@link System#nanoTime()} when the next batch's first event was queued. */
    long oldestQueuedNanos() {
        return queue.getFirst().queuedNanos();
    }

    /** Removes and returns the next batch. */
    List<QueuedEvent> takeBatch() {
        List<QueuedEvent> batch = new ArrayList<>(headCount);
        for (int i = 0; i < headCount; i++) {
            QueuedEvent event = queue.removeFirst();
            queuedBytes -= event.json().length;
            batch.add(event);
        }
        recount();
        return batch;
    }

    /** Removes and returns everything queued. */
    List<QueuedEvent> clear() {
        List<QueuedEvent> rest = new ArrayList<>(queue);
        queue.clear();
        queuedBytes = 0;
        recount();
        return rest;
    }

    private void recount() {
        headCount = 0;
        headBytes = 0;
        headFull = false;
        for (QueuedEvent event : queue) {
            if (!include(event)) {
                break;
            }
        }
    }

    /**
     * Adds an event to the next batch if it fits; marks the batch full when it reached maxItems or
     * this event would make it pass maxBytes. The first event always fits: one larger than
     * maxBytes goes out alone rather than never. False once the batch is full.
     */
    private boolean include(QueuedEvent event) {
        int length = event.json().length;
        if (headCount > 0 && EventJson.batchSize(headCount + 1, headBytes + length) > buffering.maxBytes()) {
            headFull = true;
            return false;
        }
        headCount++;
        headBytes += length;
        headFull = headCount == buffering.maxItems();
        return !headFull;
    }
}
