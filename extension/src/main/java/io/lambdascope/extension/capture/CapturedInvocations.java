package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.CapturedSpans;
import io.lambdascope.extension.convert.SpanContext;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.Collections;
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

    /** Invocations remembered; Lambda runs one at a time, so this is many reports' worth of slack. */
    static final int REMEMBERED = 64;
    /**
     * How long {@code platform.start} waits for an event the proxy is reading. Lambda sends it a
     * buffering interval (25 ms or more) after the event, which is time enough to read one on an
     * idle machine; this covers a busy one, and a 6 MB event.
     */
    static final long READING_WAIT_NANOS = 200_000_000L;

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
    private final Set<String> begunWithout = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });
    /** Invocations whose event the proxy is reading, and since when. */
    private final Map<String, Long> reading = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
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

    /**
     * @param alone where a captured span goes when no platform span takes it in
     * @param merged whether platform spans will claim captured ones (the platform stream is on)
     */
    public CapturedInvocations(Consumer<Span> alone, boolean merged) {
        this.alone = alone;
        this.merged = merged;
    }

    /** The proxy has begun to relay an invocation's event, and will read it once relayed. */
    synchronized void reading(String requestId) {
        reading.put(requestId, System.nanoTime());
    }

    /** The proxy read an invocation's event and made nothing of it. */
    synchronized void notCaptured(String requestId) {
        reading.remove(requestId);
        notifyAll();
    }

    /**
     * The proxy read an invocation's event and captured it. Returns false when the platform's span
     * already began with ids of its own: the captured span is then left out rather than exported
     * as a second span of the same invocation.
     */
    synchronized boolean started(String requestId, InvocationSpan span) {
        reading.remove(requestId);
        notifyAll();
        if (begunWithout.contains(requestId)) {
            return false;
        }
        entries.put(requestId, new Followed(span));
        return true;
    }

    /** The function answered: the span is finished from the answer's bytes. */
    void answered(String requestId, byte[] body) {
        InvocationSpan span = span(requestId);
        if (span != null) {
            finished(requestId, span.response(body));
        }
    }

    /** The function failed: the span is finished with the error. */
    void failed(String requestId, RuntimeError error) {
        InvocationSpan span = span(requestId);
        if (span != null) {
            finished(requestId, span.error(error));
        }
    }

    /**
     * Whether this invocation's span may need the answer's bytes: false only for one followed with
     * a trigger that does not read them. An invocation not followed yet counts as needing them (a
     * runtime may answer on another connection before its event has been read here).
     */
    synchronized boolean readsAnswer(String requestId) {
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
     * {@inheritDoc} When the proxy is still reading the invocation's event, this waits for it, up
     * to {@link #READING_WAIT_NANOS} after the proxy began.
     */
    @Override
    public synchronized Optional<SpanContext> context(String requestId) {
        Long since = reading.get(requestId);
        while (since != null && !entries.containsKey(requestId)) {
            long left = since + READING_WAIT_NANOS - System.nanoTime();
            if (left <= 0) {
                reading.remove(requestId);
                break;
            }
            try {
                wait(left / 1_000_000L + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            since = reading.get(requestId);
        }
        Optional<SpanContext> context = Optional.ofNullable(entries.get(requestId)).map(entry -> entry.span.context());
        if (context.isEmpty()) {
            begunWithout.add(requestId);
        }
        return context;
    }

    @Override
    public synchronized Optional<Span> claim(String requestId) {
        Followed entry = entries.get(requestId);
        if (entry == null) {
            return Optional.empty();
        }
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
        }
        left.forEach(this::exportUnclaimed);
    }

    private void exportUnclaimed(Followed entry) {
        if (entry.finished != null && !entry.claimed && entry.span.context().sampled()) {
            alone.accept(entry.finished);
        }
    }
}
