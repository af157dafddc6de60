package io.lambdascope.extension.receive;

import io.lambdascope.extension.convert.XrayHeader;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;

/**
 * When each recent invocation started, as the extension first heard of it: from the Runtime API
 * proxy as the runtime got its event, or else from the INVOKE event, which comes later when the
 * extension was still holding the previous invocation for a flush. So that
 * a span or log record a function's SDK sends can be placed in the invocation it was made in:
 * the latest one started before it. SDKs may send a span an invocation or more after making it
 * (a batch exported at the next thaw), so the start time decides, not the arrival. Thread-safe.
 */
public final class InvocationTimeline {

    /** Invocations remembered. */
    static final int REMEMBERED = 32;
    /**
     * How much earlier than the INVOKE event a function's span may start: the runtime has its event
     * at about the time the extension has INVOKE, and either may be scheduled first.
     */
    static final long EARLY_NANOS = 10_000_000L;

    /** An invocation's start. */
    public record Started(String requestId, Optional<XrayHeader> xray, long epochNanos) {
    }

    private final ArrayDeque<Started> started = new ArrayDeque<>();

    /** An invocation started now; the first word of it counts, a later one is ignored. */
    public synchronized void started(String requestId, Optional<String> tracing, long epochNanos) {
        for (Started known : started) {
            if (known.requestId().equals(requestId)) {
                return;
            }
        }
        started.addLast(new Started(requestId, tracing.flatMap(XrayHeader::parse), epochNanos));
        if (started.size() > REMEMBERED) {
            started.removeFirst();
        }
    }

    /**
     * The invocation a span or log record made at this time belongs to.
     *
     * @param epochNanos when it was made; 0 when unknown, which places it in the latest invocation
     * @return the invocation; empty before the first one (during init)
     */
    public synchronized Optional<Started> at(long epochNanos) {
        if (epochNanos == 0) {
            return Optional.ofNullable(started.peekLast());
        }
        for (Iterator<Started> newestFirst = started.descendingIterator(); newestFirst.hasNext(); ) {
            Started invocation = newestFirst.next();
            if (invocation.epochNanos() - EARLY_NANOS <= epochNanos) {
                return Optional.of(invocation);
            }
        }
        return Optional.empty();
    }
}
