package io.lambdascope.extension.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
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
 * <p>Sizes are the items' protobuf sizes, which is what they cost on the wire. As objects, items
 * take three to four times that in the heap (every attribute is a key, a value and two wrappers):
 * with the backend down, 8 MiB of buffered spans and log records held 28 MB of heap. So items are
 * kept as built only while exports keep up, which costs nothing; an item that would take the
 * buffer past an eighth of its bound (at most {@link #AS_BUILT_MAX_BYTES}), or is put back after a
 * failed export, is kept serialized, at about its size, and parsed again when it is taken. So a
 * full buffer takes about its bound in the heap, and a few megabytes more.
 *
 * <p>Thread-safe: items arrive on the telemetry listener's and the receivers' threads and leave
 * on the export thread.
 */
public final class TelemetryBuffer {

    /**
     * The most bytes kept as built, whatever the bound: with a bound of 64 MiB and the backend
     * down, an eighth of it as objects was some 40 MB of heap.
     */
    static final long AS_BUILT_MAX_BYTES = 1024 * 1024;

    private final long maxBytes;
    private final long serializeFrom;
    private final Drops drops;
    private final Map<Signal, ArrayDeque<Buffered>> queues = new EnumMap<>(Signal.class);
    private final ToIntFunction<Message> sizeOf;
    /** Written under the lock; {@link #add} reads it before locking, to choose how to keep a new item. */
    private volatile long bytes;
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
        this.serializeFrom = Math.min(maxBytes / 8, AS_BUILT_MAX_BYTES);
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
        int count = Items.count(item);
        byte[] serialized = bytes + size > serializeFrom ? item.toByteArray() : null;
        Map<Signal, Integer> dropped = new EnumMap<>(Signal.class);
        synchronized (this) {
            queues.get(signal).addLast(Buffered.of(item, serialized, size, count, sequence++));
            bytes += size;
            taken += count;
            trim(dropped);
        }
        dropped.forEach(drops::dropped);
    }

    /**
     * Takes the oldest items of a signal that together hold up to {@code maxItems} spans, metrics
     * or log records ({@link Items#count(Message)}), and at least one item. A resource group a
     * function's SDK sent holds many: counting groups instead let one batch take the whole buffer,
     * every group parsed back at once, and a flood of large requests took the heap past its bound.
     *
     * @param signal the signal
     * @param maxItems the most spans, metrics or log records to take
     * @return the items, oldest first; empty when none are buffered
     */
    public List<Message> take(Signal signal, int maxItems) {
        List<Buffered> leaving = new ArrayList<>();
        synchronized (this) {
            ArrayDeque<Buffered> queue = queues.get(signal);
            long count = 0;
            while (!queue.isEmpty() && (leaving.isEmpty() || count + queue.peekFirst().count() <= maxItems)) {
                Buffered next = queue.pollFirst();
                bytes -= next.size();
                count += next.count();
                leaving.add(next);
            }
        }
        // Parsed outside the lock: new telemetry need not wait for a backlog to be read back.
        List<Message> items = new ArrayList<>(leaving.size());
        for (Buffered buffered : leaving) {
            items.add(buffered.item());
        }
        return items;
    }

    /**
     * Puts items that could not be exported back at the front of their queue, as the oldest they
     * are, so that a later flush sends them first; the bound applies as to new items. They are kept
     * serialized: the backend they wait for may stay down for long.
     *
     * @param signal their signal
     * @param items the items, oldest first
     */
    public void putBack(Signal signal, List<Message> items) {
        int[] sizes = new int[items.size()];
        int[] counts = new int[items.size()];
        byte[][] serialized = new byte[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            sizes[i] = sizeOf.applyAsInt(items.get(i));
            counts[i] = Items.count(items.get(i));
            serialized[i] = items.get(i).toByteArray();
        }
        Map<Signal, Integer> dropped = new EnumMap<>(Signal.class);
        synchronized (this) {
            ArrayDeque<Buffered> queue = queues.get(signal);
            // Older than anything buffered: sequence numbers below the current heads.
            long first = queues.values().stream().map(ArrayDeque::peekFirst).filter(b -> b != null)
                    .mapToLong(Buffered::sequence).min().orElse(sequence) - items.size();
            for (int i = items.size() - 1; i >= 0; i--) {
                queue.addFirst(Buffered.of(items.get(i), serialized[i], sizes[i], counts[i], first + i));
                bytes += sizes[i];
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
        return queues.get(signal).stream().mapToInt(Buffered::count).sum();
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
            dropped.merge(oldest.get(), gone.count(), Integer::sum);
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

    /**
     * An item as the buffer keeps it: the message as built, or its bytes and the parser that reads
     * them back.
     *
     * @param built the message, when kept as built
     * @param serialized its bytes, when kept serialized
     * @param size its protobuf size, as the bound counts it
     * @param count the spans, metrics or log records in it
     */
    private record Buffered(Message built, byte[] serialized, Parser<? extends Message> parser, int size, int count,
                            long sequence) {

        static Buffered of(Message item, byte[] serialized, int size, int count, long sequence) {
            return serialized == null ? new Buffered(item, null, null, size, count, sequence)
                    : new Buffered(null, serialized, item.getParserForType(), size, count, sequence);
        }

        Message item() {
            if (built != null) {
                return built;
            }
            try {
                return parser.parseFrom(serialized);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a buffered item no longer parses: " + e.getMessage(), e);
            }
        }
    }
}
