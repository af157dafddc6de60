package io.lambdascope.extension.flush;

import io.lambdascope.extension.telemetry.LambdaTime;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.lambdascope.extension.telemetry.TelemetrySink;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Knows, for each invocation, when its runtime was done and whether its {@code platform.report}
 * has come, from the platform events flowing past; the lifecycle thread waits on it.
 *
 * <p>The time the runtime was done anchors the overhead budget. Lambda delivers
 * {@code platform.runtimeDone} a buffering interval after the fact, and that delay already counts
 * against the invocation, so the anchor is the event's own time, never earlier than the budget
 * allows before its arrival (the clocks of the platform and the function may differ a little).
 */
public final class InvocationTracker implements TelemetrySink {

    /** Invocations remembered; older ones are forgotten, as their telemetry is long gone. */
    private static final int REMEMBERED = 64;

    private final long budgetNanos;
    private final Runnable onRuntimeDone;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Long> runtimeDone = new LinkedHashMap<>();
    private final Set<String> unreported = new LinkedHashSet<>();

    /**
     * A tracker.
     *
     * @param budget the overhead budget: the most an anchor is moved back from the arrival of its event
     * @param onRuntimeDone run on the telemetry thread after each {@code platform.runtimeDone}
     */
    public InvocationTracker(Duration budget, Runnable onRuntimeDone) {
        this.budgetNanos = budget.toNanos();
        this.onRuntimeDone = onRuntimeDone;
    }

    /** An invocation began: its report is now awaited. */
    public void started(String requestId) {
        lock.lock();
        try {
            unreported.add(requestId);
            forgetOldest(unreported);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void accept(List<TelemetryEvent> batch) {
        boolean done = false;
        lock.lock();
        try {
            long now = System.nanoTime();
            for (TelemetryEvent event : batch) {
                String requestId = event.record().path("requestId").asText("");
                switch (event.type()) {
                    case "platform.runtimeDone" -> {
                        runtimeDone.put(requestId, now - lagNanos(event.time()));
                        forgetOldest(runtimeDone.keySet());
                        done = true;
                    }
                    case "platform.report" -> unreported.remove(requestId);
                    default -> {
                        // Only these two events move an invocation along.
                    }
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (done) {
            onRuntimeDone.run();
        }
    }

    /**
     * When the invocation's runtime was done, as a {@link System#nanoTime()} value.
     *
     * @param requestId the invocation
     * @return the anchor of its budget, empty until its {@code platform.runtimeDone} has come
     */
    public OptionalLong runtimeDone(String requestId) {
        lock.lock();
        try {
            Long anchor = runtimeDone.get(requestId);
            return anchor == null ? OptionalLong.empty() : OptionalLong.of(anchor);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the invocation's runtime is done.
     *
     * @param requestId the invocation
     * @param untilNanos a {@link System#nanoTime()} value to give up at
     * @return the anchor of its budget, empty when the event did not come in time
     * @throws InterruptedException when interrupted
     */
    public OptionalLong awaitRuntimeDone(String requestId, long untilNanos) throws InterruptedException {
        await(() -> runtimeDone.containsKey(requestId), untilNanos);
        return runtimeDone(requestId);
    }

    /**
     * Waits until the work is done or, once the invocation's runtime is done, its budget is spent.
     *
     * @param work what the invocation is held for
     * @param requestId the invocation
     * @param untilNanos a bound for when the runtime's end never shows
     * @return whether the work was done
     * @throws InterruptedException when interrupted
     */
    public boolean holdFor(Future<?> work, String requestId, long untilNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!work.isDone()) {
                Long anchor = runtimeDone.get(requestId);
                long limit = anchor == null ? untilNanos : Math.min(untilNanos, anchor + budgetNanos);
                long left = limit - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiters to look again; call when held-for work completes. */
    public void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every invocation that began has its report: the last one's comes during SHUTDOWN.
     *
     * @param untilNanos a {@link System#nanoTime()} value to give up at
     * @return the number of invocations still without a report
     * @throws InterruptedException when interrupted
     */
    public int awaitReports(long untilNanos) throws InterruptedException {
        await(unreported::isEmpty, untilNanos);
        lock.lock();
        try {
            return unreported.size();
        } finally {
            lock.unlock();
        }
    }

    private void await(BooleanSupplier condition, long untilNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = untilNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How long ago the event happened, between 0 and the budget. */
    private long lagNanos(String time) {
        long at = LambdaTime.epochNanos(time);
        if (at == LambdaTime.INVALID) {
            return 0;
        }
        Instant now = Instant.now();
        long lag = now.getEpochSecond() * 1_000_000_000L + now.getNano() - at;
        return Math.clamp(lag, 0, budgetNanos);
    }

    private static void forgetOldest(Set<String> keys) {
        if (keys.size() > REMEMBERED) {
            keys.remove(keys.iterator().next());
        }
    }
}
