package io.lambdascope.sandbox.sink;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Everything the sink keeps, and its fault, behind one lock. One condition is signalled on every
 * change, so waiting for contents, a delayed answer and a held connection all wake on what they
 * wait for, never by polling.
 */
final class SinkState {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private final List<ExportTraceServiceRequest> traces = new ArrayList<>();
    private final List<ExportMetricsServiceRequest> metrics = new ArrayList<>();
    private final List<ExportLogsServiceRequest> logs = new ArrayList<>();
    private final Map<Signal, long[]> signals = new EnumMap<>(Signal.class); // {requests, items}
    private final Map<String, SinkCounts.ServiceCounts> services = new HashMap<>();
    private long requests;
    private long rejected;
    private long faulted;

    private Fault fault = Fault.NONE;
    private long faultChanges; // counts explicit settings only, so a fault running out does not release held requests
    private boolean closed;

    void received() {
        update(() -> requests++);
    }

    void rejected() {
        update(() -> rejected++);
    }

    void faulted() {
        update(() -> faulted++);
    }

    void accept(Signal signal, Message request) {
        Map<String, Long> items = signal.itemsByService(request);
        update(() -> {
            switch (request) {
                case ExportTraceServiceRequest r -> traces.add(r);
                case ExportMetricsServiceRequest r -> metrics.add(r);
                case ExportLogsServiceRequest r -> logs.add(r);
                default -> throw new IllegalArgumentException("not an OTLP export request: " + request.getClass());
            }
            long[] counts = signals.computeIfAbsent(signal, s -> new long[2]);
            counts[0]++;
            items.forEach((service, n) -> {
                counts[1] += n;
                services.merge(service, new SinkCounts.ServiceCounts(0, 0, 0).plus(signal, n),
                        (a, b) -> a.plus(signal, n));
            });
        });
    }

    /** The fault for the next request; a fault with a count is used up by taking it. */
    Fault takeFault() {
        lock.lock();
        try {
            Fault current = fault;
            if (current.times() != Fault.ALWAYS) {
                fault = current.times() == 1 ? Fault.NONE : current.times(current.times() - 1);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    Fault fault() {
        lock.lock();
        try {
            return fault;
        } finally {
            lock.unlock();
        }
    }

    void fault(Fault next) {
        update(() -> {
            fault = next;
            faultChanges++;
        });
    }

    /**
     * Counts a held request, then waits until the sink closes or a fault is set; an interrupt
     * (the server closing) ends it too. Counting and noting the fault in force happen under one
     * lock: a fault cleared by someone who saw the count must release this request.
     */
    void faultedAndHeld() {
        lock.lock();
        try {
            long seen = faultChanges;
            faulted++;
            changed.signalAll();
            while (!closed && faultChanges == seen) {
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Waits {@code delay}, or less when the sink closes: the delay is the fault being injected. */
    void pause(Duration delay) {
        lock.lock();
        try {
            long left = delay.toNanos();
            while (!closed && left > 0) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    SinkContents await(Predicate<SinkContents> condition, Duration timeout) throws TimeoutException, InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            for (SinkContents contents = snapshot(); ; contents = snapshot()) {
                if (condition.test(contents)) {
                    return contents;
                }
                if (left <= 0 || closed) {
                    throw new TimeoutException("sink did not reach the condition within " + timeout
                            + (closed ? " (closed)" : "") + "; it holds " + contents.counts().summary());
                }
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    SinkContents snapshot() {
        lock.lock();
        try {
            return new SinkContents(traces, metrics, logs, counts());
        } finally {
            lock.unlock();
        }
    }

    SinkCounts counts() {
        lock.lock();
        try {
            Map<String, SinkCounts.SignalCounts> perSignal = new HashMap<>();
            for (Signal signal : Signal.values()) {
                long[] n = signals.getOrDefault(signal, new long[2]);
                perSignal.put(signal.name().toLowerCase(Locale.ROOT), new SinkCounts.SignalCounts(n[0], n[1]));
            }
            long accepted = traces.size() + metrics.size() + logs.size();
            return new SinkCounts(requests, accepted, rejected, faulted, perSignal.get("traces").items(),
                    perSignal.get("metrics").items(), perSignal.get("logs").items(), perSignal, services);
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything received; the fault in force stays. */
    void clear() {
        update(() -> {
            traces.clear();
            metrics.clear();
            logs.clear();
            signals.clear();
            services.clear();
            requests = 0;
            rejected = 0;
            faulted = 0;
        });
    }

    void close() {
        update(() -> closed = true);
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
