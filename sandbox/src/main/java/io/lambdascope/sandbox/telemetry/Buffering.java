package io.lambdascope.sandbox.telemetry;

/**
 * How Lambda batches events for one subscriber: a batch is sent when it holds {@code maxItems}
 * events, when one more event would make it larger than {@code maxBytes}, or {@code timeoutMs}
 * after its first event was queued, whichever comes first.
 *
 * <p>Limits and defaults are those of the Telemetry API reference.
 *
 * @param maxItems  events per batch, {@value #MIN_ITEMS} to {@value #MAX_ITEMS}, default {@value #DEFAULT_ITEMS}
 * @param maxBytes  bytes per batch, {@value #MIN_BYTES} to {@value #MAX_BYTES}, default {@value #DEFAULT_BYTES}
 * @param timeoutMs longest wait of a queued event, {@value #MIN_TIMEOUT_MS} to {@value #MAX_TIMEOUT_MS},
 *                  default {@value #DEFAULT_TIMEOUT_MS}
 */
public record Buffering(int maxItems, int maxBytes, int timeoutMs) {

    public static final int MIN_ITEMS = 1_000;
    public static final int MAX_ITEMS = 10_000;
    public static final int DEFAULT_ITEMS = 1_000;
    public static final int MIN_BYTES = 262_144;
    public static final int MAX_BYTES = 1_048_576;
    public static final int DEFAULT_BYTES = 262_144;
    public static final int MIN_TIMEOUT_MS = 25;
    public static final int MAX_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_TIMEOUT_MS = 1_000;

    /** The buffering of a subscription that names none. */
    public static final Buffering DEFAULT = new Buffering(DEFAULT_ITEMS, DEFAULT_BYTES, DEFAULT_TIMEOUT_MS);
}
