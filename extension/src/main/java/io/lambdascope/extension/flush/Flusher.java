package io.lambdascope.extension.flush;

import com.google.protobuf.Message;
import io.lambdascope.extension.batch.ExportRequests;
import io.lambdascope.extension.batch.Items;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.config.FlushConfig;
import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.tags.ResourceTags;
import io.opentelemetry.proto.metrics.v1.Metric;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The export thread. A flush moves the metrics gathered since the last one into the buffer, then
 * sends the buffer in batches until it is empty, the time is up, or the backend fails; what could
 * not be sent goes back into the buffer for the next flush. Flushes are requested by the lifecycle
 * thread (which may wait for one within its budget) and by the telemetry thread (when a batch is
 * full, or in continuous mode); requests that arrive while a flush runs are served by the next one.
 */
public final class Flusher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Flusher.class.getName());
    /**
     * Runs each signal's export calls of a flush on a thread of its own, made for the flush. Not a
     * virtual thread: those bring the scheduler's carrier threads, which stay, and every thaw of
     * the environment wakes every thread of the process.
     */
    private static final Executor SIDE_BY_SIDE = task -> Thread.ofPlatform().daemon().name("lambdascope-export-signal").start(task);

    private final TelemetryBuffer buffer;
    private final Exporter exporter;
    private final ExportRequests requests;
    private final ResourceTags tags;
    private final MetricRegistry metrics;
    private final ExportHealth health;
    private final CircuitBreaker breaker;
    private final FlushConfig config;
    private final long flushTimeNanos;
    private final boolean timed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
    /**
     * The items each signal's export call holds: out of the buffer and not yet accounted for.
     * Whoever takes it out of here accounts for it: the flush when the call ends, or
     * {@link #finish} when the shutdown deadline comes first, as dropped.
     */
    private final Map<Signal, Integer> inFlight = new ConcurrentHashMap<>();
    private long lastStartNanos = System.nanoTime();
    private long deadlineCapNanos = Long.MAX_VALUE;
    private boolean closed;
    private final Thread thread;

    /**
     * A flusher; its thread starts at once.
     *
     * @param buffer what waits to be sent
     * @param exporter where it goes
     * @param requests how items become requests
     * @param metrics the registry collected at each flush
     * @param health where the outcomes are counted
     * @param config batch size, interval and strategy
     * @param exportTimeout time allowed for one export request; a background flush gets three
     */
    public Flusher(TelemetryBuffer buffer, Exporter exporter, ExportRequests requests, MetricRegistry metrics,
                   ExportHealth health, FlushConfig config, Duration exportTimeout) {
        this(buffer, exporter, requests, ResourceTags.NONE, metrics, health, config, exportTimeout);
    }

    /**
     * A flusher whose requests carry the function's tags on their resources; its thread starts at once.
     *
     * @param buffer what waits to be sent
     * @param exporter where it goes
     * @param requests how items become requests
     * @param tags the function's tags, which each flush waits for until they are in or given up on
     * @param metrics the registry collected at each flush
     * @param health where the outcomes are counted
     * @param config batch size, interval and strategy
     * @param exportTimeout time allowed for one export request; a background flush gets three
     */
    public Flusher(TelemetryBuffer buffer, Exporter exporter, ExportRequests requests, ResourceTags tags, MetricRegistry metrics,
                   ExportHealth health, FlushConfig config, Duration exportTimeout) {
        this.buffer = buffer;
        this.exporter = exporter;
        this.requests = requests;
        this.tags = tags;
        this.metrics = metrics;
        this.health = health;
        this.breaker = new CircuitBreaker();
        this.config = config;
        this.flushTimeNanos = exportTimeout.multipliedBy(3).toNanos();
        this.timed = config.strategy() == FlushStrategy.CONTINUOUS;
        this.thread = Thread.ofPlatform().name("lambdascope-export").daemon().start(this::run);
    }

    /**
     * Asks for a flush.
     *
     * @return completes with whether everything was sent, at the end of a flush that began after this call
     */
    public CompletableFuture<Boolean> flush() {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                done.complete(false);
            } else {
                waiting.add(done);
                work.signalAll();
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Asks for a flush when the interval has passed since the last one began; returns it, or a completed future. */
    public CompletableFuture<Boolean> flushIfDue() {
        return due() ? flush() : CompletableFuture.completedFuture(true);
    }

    /** Asks for a flush in the background when a batch is ready to go. */
    public void flushIfBatchReady() {
        if (buffer.size(Signal.LOGS) >= config.batchMaxItems() || buffer.size(Signal.TRACES) >= config.batchMaxItems()) {
            flush();
        }
    }

    /** Whether the flush interval has passed since the last flush began. */
    public boolean due() {
        lock.lock();
        try {
            return System.nanoTime() - lastStartNanos >= config.interval().toNanos();
        } finally {
            lock.unlock();
        }
    }

    /** Whether invocations may wait for flushes; false while the circuit breaker is open. */
    public boolean worthWaiting() {
        return breaker.closed();
    }

    /** An invocation gave up waiting for a flush: counts towards opening the breaker. */
    public void gaveUp() {
        if (breaker.failure(System.nanoTime())) {
            // Slow counts as failing here: an invocation gave up on an export that outlasted the
            // overhead budget, which a loaded machine or a distant backend can cause with no error.
            LOG.log(System.Logger.Level.WARNING, "exports keep failing or outlasting LAMBDASCOPE_OVERHEAD_BUDGET_MS: "
                    + "invocations no longer wait for exports, which continue in the background");
        }
    }

    /**
     * The last flush, at SHUTDOWN: sends everything within the deadline, whatever the breaker says,
     * then stops the thread.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value by which it is over
     * @return whether everything was sent
     * @throws InterruptedException when interrupted
     */
    public boolean finish(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            deadlineCapNanos = deadlineNanos;
            breaker.success();
        } finally {
            lock.unlock();
        }
        boolean sent;
        do {
            // A flush sends what was buffered when it began; the receivers may add to it meanwhile.
            try {
                sent = flush().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                sent = false;
            }
        } while (sent && !buffer.isEmpty() && deadlineNanos - System.nanoTime() > 0);
        close();
        // An export still under way at the deadline will not end before the process does: the
        // backend may or may not have taken it.
        for (Signal signal : Signal.values()) {
            Integer lost = inFlight.remove(signal);
            if (lost != null) {
                health.dropped(signal, ExportHealth.DropReason.SHUTDOWN_UNCONFIRMED, lost);
                sent = false;
            }
        }
        return sent && buffer.isEmpty();
    }

    /** How one signal's part of a flush ended. */
    private enum Sent { ALL, OUT_OF_TIME, FAILED }

    private void run() {
        while (true) {
            List<CompletableFuture<Boolean>> served;
            long deadline;
            lock.lock();
            try {
                while (!closed && !ready()) {
                    long wait = waitNanos();
                    if (wait == Long.MAX_VALUE) {
                        work.await();
                    } else {
                        work.awaitNanos(wait);
                    }
                }
                if (closed) {
                    waiting.forEach(future -> future.complete(false));
                    return;
                }
                served = List.copyOf(waiting);
                waiting.clear();
                lastStartNanos = System.nanoTime();
                deadline = Math.min(lastStartNanos + flushTimeNanos, deadlineCapNanos);
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            boolean sent = false;
            try {
                sent = flushOnce(deadline);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a flush failed: " + e, e);
            }
            boolean result = sent;
            served.forEach(future -> future.complete(result));
        }
    }

    /** Whether to flush now: asked to and the breaker lets it, or the continuous interval has come round. */
    private boolean ready() {
        long now = System.nanoTime();
        boolean asked = !waiting.isEmpty() || (timed && now - lastStartNanos >= config.interval().toNanos() && !buffer.isEmpty());
        return asked && breaker.allowsExport(now);
    }

    private long waitNanos() {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        if (!breaker.allowsExport(now)) {
            wait = breaker.probeAtNanos() - now;
        }
        if (timed) {
            wait = Math.min(wait, lastStartNanos + config.interval().toNanos() - now);
        }
        return Math.max(wait, 1_000_000);
    }

    /**
     * One flush: metrics first into the buffer, then what every signal had buffered when the flush
     * began. Returns whether all of that was sent. Each signal has its own endpoint, so the signals
     * go out side by side: a flush takes about one round trip to the backend rather than one per
     * signal. Batches of one signal still go in order.
     *
     * <p>What arrives during the flush waits for the next one. Chasing it instead sent a small
     * batch for every invocation that came while an export was in flight: between two Lambda
     * invocations the environment is frozen, so one export spans a few invocations, each of which
     * then had a request of its own: about twice the requests, 800 invocations 50 ms apart.
     */
    private boolean flushOnce(long deadlineNanos) {
        for (Metric metric : metrics.collect()) {
            buffer.add(Signal.METRICS, metric);
        }
        Map<String, String> tags = resourceTags(deadlineNanos);
        if (tags == null) {
            LOG.log(System.Logger.Level.DEBUG, "the function's tags are still being read: telemetry waits in the buffer");
            return false;
        }
        Map<Signal, Integer> pending = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
            int buffered = buffer.size(signal);
            if (buffered > 0) {
                pending.put(signal, buffered);
            }
        }
        List<Sent> outcomes;
        if (pending.size() <= 1) {
            // A loop, not a stream: the AOT cache's training run always flushes several signals, so
            // a lambda here was spun the first time an environment flushed one (its own log lines).
            outcomes = new ArrayList<>(1);
            for (Map.Entry<Signal, Integer> due : pending.entrySet()) {
                outcomes.add(send(due.getKey(), due.getValue(), tags, deadlineNanos));
            }
        } else {
            List<CompletableFuture<Sent>> sending = pending.entrySet().stream()
                    .map(due -> CompletableFuture.supplyAsync(() -> send(due.getKey(), due.getValue(), tags, deadlineNanos), SIDE_BY_SIDE))
                    .toList();
            // Every signal is done before the flush is: the next flush must not find one still sending.
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            outcomes = sending.stream().map(CompletableFuture::join).toList();
        }
        if (outcomes.contains(Sent.FAILED)) {
            gaveUp();
            return false;
        }
        if (outcomes.contains(Sent.OUT_OF_TIME)) {
            return false;
        }
        breaker.success();
        return true;
    }

    /**
     * Sends the oldest {@code due} of one signal's buffered items in batches, until they are sent,
     * the time is up, or an export fails.
     */
    private Sent send(Signal signal, int due, Map<String, String> tags, long deadlineNanos) {
        int left = due;
        while (left > 0) {
            List<Message> items = buffer.take(signal, Math.min(left, batchSize()));
            if (items.isEmpty()) {
                break; // the buffer's bound dropped the rest meanwhile
            }
            left -= items.size();
            if (deadlineNanos - System.nanoTime() <= 0) {
                buffer.putBack(signal, items);
                return Sent.OUT_OF_TIME;
            }
            int count = Items.count(items);
            inFlight.put(signal, count);
            ExportResult result = exporter.export(signal, requests.request(signal, items, tags), deadlineNanos);
            if (inFlight.remove(signal) == null) {
                return Sent.OUT_OF_TIME; // counted as dropped by finish()
            }
            health.exported(signal, count, result);
            if (result.outcome() == ExportResult.Outcome.FAILED) {
                buffer.putBack(signal, items);
                LOG.log(System.Logger.Level.DEBUG, () -> "export of %d %s failed: %s"
                        .formatted(count, signal.text(), result.problem().orElse("")));
                return Sent.FAILED;
            }
        }
        return Sent.ALL;
    }

    /**
     * The tags to put on every resource, or null while they are still being read: the telemetry
     * then waits for them in the buffer. The last flush, at SHUTDOWN, waits for them for half its
     * time at most and then sends without them, since nothing would be sent after it.
     */
    private Map<String, String> resourceTags(long deadlineNanos) {
        boolean last;
        lock.lock();
        try {
            last = deadlineCapNanos != Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
        long now = System.nanoTime();
        Optional<Map<String, String>> known = tags.await(last ? now + Math.max(0, deadlineNanos - now) / 2 : deadlineNanos);
        return known.orElse(last ? Map.of() : null);
    }

    /** The batch size, made a little smaller at random so that many functions do not export in step. */
    private int batchSize() {
        long jitter = config.batchJitterItems() > 0 ? ThreadLocalRandom.current().nextLong(config.batchJitterItems() + 1) : 0;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.batchMaxItems() - jitter));
    }

    /** Stops the thread; a flush in progress finishes on its own deadline. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
