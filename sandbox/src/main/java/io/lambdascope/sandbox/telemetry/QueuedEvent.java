package io.lambdascope.sandbox.telemetry;

/**
 * An event waiting for delivery, already serialized once for all subscribers.
 *
 * @param type        the event type, for the report
 * @param json        the event as it goes on the wire
 * @param queuedNanos {@link System#nanoTime()} when it was queued, for {@code timeoutMs}
 */
record QueuedEvent(String type, byte[] json, long queuedNanos) {

    /** The same event, queued now: a replayed event starts its own {@code timeoutMs}. */
    QueuedEvent requeued() {
        return new QueuedEvent(type, json, System.nanoTime());
    }
}
