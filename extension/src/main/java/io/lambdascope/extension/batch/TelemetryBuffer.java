package io.lambdascope.extension.batch;

import com.google.protobuf.Message;
import io.lambdascope.extension.export.Signal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Everything converted and not yet exported, one queue per signal, bounded in bytes across all of
 * them. Past the bound the oldest items go first, whichever signal they belong to: the newest
 * telemetry is the one a user looks at when something just went wrong.
 *
 * <p>Sizes are the items' protobuf sizes, which is what they cost on the wire; the heap cost is a
 * small multiple of it, which the default bound of 8 MiB leaves room for in the smallest function.
 *
 * <p>Thread-safe: items arrive on the telemetry listener's and the receivers' threads and leave
 * on the export thread.
 */
public final class TelemetryBuffer {

    private final long maxBytes;
    private final Drops drops;
    private final Map<Signal, ArrayDeque<Buffered>> queues = new EnumMap<>(Signal.class);
    private final ToIntFunction<Message> sizeOf;
    private long bytes;
    private long sequence;
    private long taken;

    /**
     * An empty buffer.
     *
     * @param maxBytes the bound of everything buffered
     * @param drops told of every item dropped to stay within the bound
     */
    public TelemetryBuffer(long maxBytes, Drops drops) {
        this(maxBytes, drops, Message::getSerializedSize);
    }

    TelemetryBuffer(long maxBytes, Drops drops, ToIntFunction<Message> sizeOf) {
        this.maxBytes = maxBytes;
        this.drops = drops;
        this.sizeOf = sizeOf;
        for (Signal signal : Signal.values()) {
            queues.put(signal, new ArrayDeque<>());
        }
    }

    /** Told of items dropped to keep the bound; called outside the buffer's lock. */
    @FunctionalInterface
    public interface Drops {
        /**
         * Items were dropped.
         *
         * @param signal their signal
         * @param items how many
         */
        void dropped(Signal signal, int items);
    }

    /**
     * Adds an item at the end of its signal's queue, dropping the oldest items when the bound is passed.
     *
     * @param signal the item's signal
     * @param item a Span, Metric or LogRecord
     */
    public void add(Signal signal, Message item) {
        int size = sizeOf.applyAsInt(item);
        Map<Signal, Integer> dropped = new EnumMap<>(Signal.class);
        synchronized (this) {
            queues.get(signal).addLast(new Buffered(item, size, sequence++));
            bytes += size;
            taken += Items.count(item);
            trim(dropped);
        }
        dropped.forEach(drops::dropped);
    }

    /**
     * Takes up to {@code maxItems} of the oldest items of a signal.
     *
     * @param signal the signal
     * @param maxItems the most items to take
     * @return the items, oldest first; empty when none are buffered
     */
    public synchronized List<Message> take(Signal signal, int maxItems) {
        ArrayDeque<Buffered> queue = queues.get(signal);
        List<Message> items = new ArrayList<>(Math.min(maxItems, queue.size()));
        while (items.size() < maxItems && !queue.isEmpty()) {
            Buffered next = queue.pollFirst();
            bytes -= next.size();
            items.add(next.item());
        }
        return items;
    }

    /**
     * Puts items that could not be exported back at the front of their queue, as the oldest they
     * are, so that a later flush sends them first; the bound applies as to new items.
     *
     * @param signal their signal
     * @param items the items, oldest first
     */
    public void putBack(Signal signal, List<Message> items) {
        Map<Signal, Integer> dropped = new EnumMap<>(Signal.class);
        synchronized (this) {
            ArrayDeque<Buffered> queue = queues.get(signal);
            // Older than anything buffered: sequence numbers below the current heads.
            long first = queues.values().stream().map(ArrayDeque::peekFirst).filter(b -> b != null)
                    .mapToLong(Buffered::sequence).min().orElse(sequence) - items.size();
            for (int i = items.size() - 1; i >= 0; i--) {
                Message item = items.get(i);
                int size = sizeOf.applyAsInt(item);
                queue.addFirst(new Buffered(item, size, first + i));
                bytes += size;
            }
            trim(dropped);
        }
        dropped.forEach(drops::dropped);
    }

    /** Items of a signal waiting. */
    public synchronized int size(Signal signal) {
        return queues.get(signal).size();
    }

    /** Spans, metrics or log records of a signal waiting, counted as {@link Items#count(Message)} does. */
    public synchronized int count(Signal signal) {
        return queues.get(signal).stream().mapToInt(buffered -> Items.count(buffered.item())).sum();
    }

    /**
     * Spans, metrics and log records added over the buffer's life, counted as {@link Items#count(Message)}
     * does; items put back after a failed export are not added again. Each of them is at the end
     * exported, dropped for a reason, or still waiting.
     */
    public synchronized long taken() {
        return taken;
    }

    /** Whether nothing is waiting. */
    public synchronized boolean isEmpty() {
        return queues.values().stream().allMatch(ArrayDeque::isEmpty);
    }

    /** Bytes of everything waiting. */
    public synchronized long bytes() {
        return bytes;
    }

    private void trim(Map<Signal, Integer> dropped) {
        while (bytes > maxBytes) {
            Optional<Signal> oldest = oldest();
            if (oldest.isEmpty()) {
                return;
            }
            Buffered gone = queues.get(oldest.get()).pollFirst();
            bytes -= gone.size();
            dropped.merge(oldest.get(), Items.count(gone.item()), Integer::sum);
        }
    }

    private Optional<Signal> oldest() {
        Signal oldest = null;
        long sequenceOfOldest = Long.MAX_VALUE;
        for (Map.Entry<Signal, ArrayDeque<Buffered>> entry : queues.entrySet()) {
            Buffered head = entry.getValue().peekFirst();
            if (head != null && head.sequence() < sequenceOfOldest) {
                oldest = entry.getKey();
                sequenceOfOldest = head.sequence();
            }
        }
        return Optional.ofNullable(oldest);
    }

    private record Buffered(Message item, int size, long sequence) {
    }
}
