package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.CapturedSpans;
import io.lambdascope.extension.convert.SpanContext;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The invocations capture is following, between the proxy (which starts and finishes their spans)
 * and the telemetry pipeline (which takes their context at {@code platform.start} and claims the
 * finished span at the report, to make one span of both). A finished span nobody claims is
 * exported on its own: without the platform stream, when the report never comes, or at shutdown.
 * Thread-safe: the capture thread and the telemetry thread both use it.
 */
public final class CapturedInvocations implements CapturedSpans {

    /**
     * Invocations remembered. Lambda runs one at a time, but its platform events can come a whole
     * Telemetry API batch after the proxy relayed them: with continuous flushing Lambda buffers a
     * second of them, up to 1,000 events, and each invocation has at least three. A function that
     * answers in a few milliseconds has more than 300 invocations in such a batch. Only that many
     * finished spans waiting for their reports take the room; at ordinary rates it holds a few.
     */
    static final int REMEMBERED = 512;
    /**
     * How long {@code platform.start} waits for an event the proxy is still relaying. Lambda sends
     * it a buffering interval (25 ms or more) after the event, time enough to relay even a 6 MB
     * event on an idle machine; this covers a busy one.
     */
    static final long RELAY_WAIT_NANOS = 200_000_000L;

    private static final class Followed {
        final InvocationSpan span;
        Span finished;
        boolean claimed;

        Followed(InvocationSpan span) {
            this.span = span;
        }
    }

    private final Consumer<Span> alone;
    private final boolean merged;
    /** Invocations the platform's span began for before capture had their event: too late to be one span. */
    private final Set<String> begunWithout = Collections.newSetFromMap(bounded());
    /** An event relayed and not read yet, and whether its answer may be needed (see {@link #readsAnswer}). */
    private record Unread(Runnable read, boolean mayReadAnswer) {
    }

    /** Events relayed and not read yet: they are read when the span is first needed. */
    private final Map<String, Unread> unread = bounded();
    /** Whether the runtime has asked the proxy for an event: it talks through the proxy. */
    private volatile boolean proxied;
    /** Invocations whose event the proxy began to relay, and in which place: the first is 1. */
    private final Map<String, Long> relayed = bounded();
    /** How many events the proxy began to relay. */
    private long relayedCount;
    /**
     * Up to which place the platform has begun invocations, as far as it is known: the place of
     * the latest remembered invocation it asked about, and one more for each unknown one since.
     */
    private long platformPlace;
    /** Events being read now, by one thread while others wait for the outcome. */
    private final Set<String> beingRead = new HashSet<>();
    /** Invocations whose event the proxy is relaying, and since when. */
    private final Map<String, Long> relaying = bounded();
    /** Invocations whose answer the proxy is relaying or capture is still to read, and since when. */
    private final Map<String, Long> answering = bounded();
    private final Map<String, Followed> entries = new LinkedHashMap<>(REMEMBERED * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Followed> eldest) {
            if (size() <= REMEMBERED) {
                return false;
            }
            exportUnclaimed(eldest.getValue());
            return true;
        }
    };

    /** A map that forgets its oldest entries past {@link #REMEMBERED}. */
    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /**
     * @param alone where a captured span goes when no platform span takes it in
     * @param merged whether platform spans will claim captured ones (the platform stream is on)
     */
    public CapturedInvocations(Consumer<Span> alone, boolean merged) {
        this.alone = alone;
        this.merged = merged;
    }

    /** The proxy has begun to relay an invocation's event. */
    synchronized void relaying(String requestId) {
        relaying.put(requestId, System.nanoTime());
        relayed.put(requestId, ++relayedCount);
        proxied = true;
    }

    /** The runtime asked the proxy for its next event: it talks through the proxy. Called at every {@code next}. */
    void proxied() {
        if (!proxied) {
            proxied = true;
        }
    }

    /**
     * The proxy relayed an invocation's event. Reading it is left until its span is first needed:
     * by the platform's {@code platform.start} or by the function's answer, both after the
     * function has had its event and, for most invocations, after it answered. So the function
     * never shares the CPU with capture while it runs.
     *
     * @param read reads the event, then calls {@link #started} or {@link #notCaptured}
     * @param mayReadAnswer whether the event may be of a trigger that records the answer
     */
    synchronized void relayed(String requestId, Runnable read, boolean mayReadAnswer) {
        unread.put(requestId, new Unread(read, mayReadAnswer));
        notifyAll();
    }

    /**
     * Reads the invocation's event if it is waiting to be, on the caller's thread and outside the
     * lock, so that the proxy's calls never wait for a read.
     */
    private void read(String requestId) {
        Unread event;
        synchronized (this) {
            while (beingRead.contains(requestId)) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            event = unread.remove(requestId);
            if (event != null) {
                beingRead.add(requestId);
            }
        }
        if (event != null) {
            try {
                event.read().run();
            } finally {
                synchronized (this) {
                    beingRead.remove(requestId);
                    notifyAll();
                }
            }
        }
    }

    /** The proxy read an invocation's event and made nothing of it. */
    synchronized void notCaptured(String requestId) {
        relaying.remove(requestId);
        notifyAll();
    }

    /**
     * The proxy read an invocation's event and captured it. Returns false when the platform's span
     * already began with ids of its own: the captured span is then left out rather than exported
     * as a second span of the same invocation.
     */
    synchronized boolean started(String requestId, InvocationSpan span) {
        relaying.remove(requestId);
        notifyAll();
        if (begunWithout.contains(requestId)) {
            return false;
        }
        entries.put(requestId, new Followed(span));
        return true;
    }

    /** The runtime began to post the function's answer or error: the span will be finished from it. */
    synchronized void answering(String requestId) {
        answering.put(requestId, System.nanoTime());
    }

    /** The answer posted will not finish the span: its post failed, or capture had no room for it. */
    synchronized void notAnswered(String requestId) {
        answering.remove(requestId);
        notifyAll();
    }

    /** The function answered: the span is finished from the answer's bytes. */
    void answered(String requestId, byte[] body) {
        read(requestId);
        InvocationSpan span = span(requestId);
        if (span != null) {
            finished(requestId, span.response(body));
        }
        notAnswered(requestId);
    }

    /** The function failed: the span is finished with the error. */
    void failed(String requestId, RuntimeError error) {
        read(requestId);
        InvocationSpan span = span(requestId);
        if (span != null) {
            finished(requestId, span.error(error));
        }
        notAnswered(requestId);
    }

    /**
     * Whether this invocation's span may need the answer's bytes: false for one followed with a
     * trigger that does not read them, and for an unread event that cannot be of such a trigger.
     * An invocation not known yet counts as needing them (a runtime may answer on another
     * connection before its event has been relayed here).
     */
    synchronized boolean readsAnswer(String requestId) {
        Unread event = unread.get(requestId);
        if (event != null) {
            return event.mayReadAnswer();
        }
        Followed entry = entries.get(requestId);
        return entry == null || entry.span.trigger().http();
    }

    private synchronized InvocationSpan span(String requestId) {
        Followed entry = entries.get(requestId);
        return entry == null || entry.finished != null ? null : entry.span;
    }

    private synchronized void finished(String requestId, Span span) {
        Followed entry = entries.get(requestId);
        if (entry == null) {
            return;
        }
        entry.finished = span;
        if (!merged) {
            entries.remove(requestId);
            exportUnclaimed(entry);
        } else if (entry.claimed) {
            // The platform's span went out first, with this span's ids: a second would be a duplicate.
            entries.remove(requestId);
        }
    }

    /**
     * {@inheritDoc} An event relayed and not read yet is read now, on the caller's thread; while
     * the proxy is still relaying it, this waits, up to {@link #RELAY_WAIT_NANOS} after the proxy
     * began. Once the runtime is known to talk through the proxy, an event the proxy has not begun
     * to relay is as good as on its way, and is waited for as long, unless its place in the order
     * of invocations has passed (see {@link #yetToRelay}): on a small function's slice of CPU, or
     * a busy machine, the proxy's thread may run later than the platform's buffering interval.
     */
    @Override
    public Optional<SpanContext> context(String requestId) {
        boolean yetToRelay;
        synchronized (this) {
            yetToRelay = yetToRelay(requestId);
        }
        while (true) {
            read(requestId);
            synchronized (this) {
                if (unread.containsKey(requestId)) {
                    continue;
                }
                Long since = relaying.get(requestId);
                if (since == null && yetToRelay && !relayed.containsKey(requestId)) {
                    since = System.nanoTime();
                    relaying.put(requestId, since);
                }
                long left = since == null || entries.containsKey(requestId) ? 0 : since + RELAY_WAIT_NANOS - System.nanoTime();
                if (left > 0) {
                    try {
                        wait(left / 1_000_000L + 1);
                        continue;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                relaying.remove(requestId);
                Optional<SpanContext> context = Optional.ofNullable(entries.get(requestId)).map(entry -> entry.span.context());
                if (context.isEmpty()) {
                    begunWithout.add(requestId);
                }
                return context;
            }
        }
    }

    /**
     * Whether the proxy may still relay this invocation's event, though it has not begun to: only
     * when the runtime talks through the proxy and the proxy has relayed fewer events than the
     * platform has begun invocations up to this one. Both see the invocations in the same order,
     * one at a time, so an invocation that is not remembered and whose place the proxy has passed
     * was relayed long ago and forgotten (its report came more than {@link #REMEMBERED}
     * invocations late); waiting for it would hold the whole batch of reports up. Called once per
     * invocation, with the lock held.
     */
    private boolean yetToRelay(String requestId) {
        Long place = relayed.get(requestId);
        if (place != null) {
            platformPlace = Math.max(platformPlace, place);
            return false;
        }
        platformPlace++;
        return proxied && relayedCount < platformPlace;
    }

    /**
     * {@inheritDoc} The report comes after the runtime posted its answer, but capture may not have
     * read it yet on a busy machine: an answer on its way is waited for, up to
     * {@link #RELAY_WAIT_NANOS} after the runtime began to post it, so that the span keeps what the
     * answer says.
     */
    @Override
    public synchronized Optional<Span> claim(String requestId) {
        Followed entry = entries.get(requestId);
        if (entry == null) {
            return Optional.empty();
        }
        Long since;
        while (entry.finished == null && (since = answering.get(requestId)) != null) {
            long left = since + RELAY_WAIT_NANOS - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(left / 1_000_000L + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        answering.remove(requestId);
        entry.claimed = true;
        if (entry.finished == null) {
            return Optional.empty();
        }
        entries.remove(requestId);
        return Optional.of(entry.finished);
    }

    /** Exports every finished span no platform span claimed; at shutdown, after the last reports. */
    public void drain() {
        List<Followed> left;
        synchronized (this) {
            left = new ArrayList<>(entries.values());
            entries.clear();
            unread.clear();
        }
        left.forEach(this::exportUnclaimed);
    }

    private void exportUnclaimed(Followed entry) {
        if (entry.finished != null && !entry.claimed && entry.span.context().sampled()) {
            alone.accept(entry.finished);
        }
    }
}
