package io.lambdascope.sandbox.telemetry;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One extension's subscription at work: a bounded queue and one virtual thread that cuts it into
 * batches and posts them to the extension's listener.
 *
 * <p>Producers only take a short lock to append, so publishing never waits for the network. A
 * full queue drops the new event and counts it; once there is room again the subscriber gets a
 * {@code platform.logsDropped} event saying how much it missed. While paused (the execution
 * environment is frozen) nothing is posted, not even a retry; batches that came due meanwhile go
 * out right after {@link #resume()}.
 */
final class Subscriber {

    private static final System.Logger LOG = System.getLogger(Subscriber.class.getName());

    /** Delivery attempts per batch: the first post and two retries. */
    static final int MAX_ATTEMPTS = 3;
    private static final String DROP_NOTICE_TYPE = "platform.logsDropped";

    /** One post must be answered within this. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String extensionName;
    private final Subscription subscription;
    private final HttpClient client;
    private final InstantSource clock;
    private final QueueLimits limits;
    private final DeliveryCounts counts;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on every change: new event, pause/resume, drain, delivery done, close. */
    private final Condition changed = lock.newCondition();
    private final BatchQueue queue;
    private boolean paused;
    private int draining;
    private boolean inFlight;
    private boolean closed;
    private boolean shuttingDown;
    private long unreportedDroppedRecords;
    private long unreportedDroppedBytes;
    private final Thread thread;

    Subscriber(String extensionName, Subscription subscription, HttpClient client, InstantSource clock,
            QueueLimits limits, DeliveryCounts counts, boolean paused, List<QueuedEvent> backlog) {
        this.extensionName = extensionName;
        this.subscription = subscription;
        this.client = client;
        this.clock = clock;
        this.limits = limits;
        this.counts = counts;
        this.paused = paused;
        this.queue = new BatchQueue(subscription.buffering(), limits);
        backlog.forEach(this::offer);
        this.thread = Thread.ofVirtual().name("telemetry-delivery-" + extensionName).start(this::run);
    }

    String extensionName() {
        return extensionName;
    }

    Subscription subscription() {
        return subscription;
    }

    boolean wants(String stream) {
        return subscription.types().contains(stream);
    }

    /** Queues an event, or drops and counts it when the queue is full. Never waits for delivery. */
    void offer(QueuedEvent event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean wasEmpty = queue.isEmpty();
            if (!queue.offer(event)) {
                unreportedDroppedRecords++;
                unreportedDroppedBytes += event.json().length;
                counts.dropped(1);
                return;
            }
            // Wake the delivery thread only when that changes what it waits for: a first event starts
            // the timeout, a full batch is due now.
            if (wasEmpty || queue.batchFull()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts an event as dropped, to be announced in the next notice, without queueing it. */
    void lose(QueuedEvent event) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            unreportedDroppedRecords++;
            unreportedDroppedBytes += event.json().length;
            counts.dropped(1);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void pause() {
        setPaused(true);
    }

    void resume() {
        setPaused(false);
    }

    private void setPaused(boolean value) {
        lock.lock();
        try {
            paused = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** From now until {@link #endDrain()}, every queued event is due at once, paused or not. */
    void beginDrain() {
        lock.lock();
        try {
            draining++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void endDrain() {
        lock.lock();
        try {
            draining--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is queued or being posted; false when the deadline came first. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (!queue.isEmpty() || inFlight || unreportedDroppedRecords > 0 && wants("platform"))) {
                long left = deadlineNanos - System.nanoTime();
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

    /** SHUTDOWN is out: the listener may close any moment now, and failing to reach it is no longer news. */
    void shuttingDown() {
        lock.lock();
        try {
            shuttingDown = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops delivering and hands back what was still queued, for the subscription that replaces this one. */
    List<QueuedEvent> retire() {
        lock.lock();
        try {
            closed = true;
            List<QueuedEvent> rest = queue.clear();
            changed.signalAll();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    /** Stops at once; a post in progress is abandoned. */
    void close() {
        retire();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    SubscriberReport report() {
        return counts.report(extensionName, subscription);
    }

    private void run() {
        try {
            List<QueuedEvent> batch;
            while ((batch = nextBatch()) != null) {
                deliver(batch);
            }
        } catch (InterruptedException e) {
            // closed while waiting or posting: nothing left to do
        }
    }

    /** Blocks until a batch is due (by count, bytes, age or drain) and takes it; null once closed. */
    private List<QueuedEvent> nextBatch() throws InterruptedException {
        Buffering buffering = subscription.buffering();
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(buffering.timeoutMs());
        lock.lock();
        try {
            while (!closed) {
                queueDropNotice();
                boolean held = paused && draining == 0;
                if (held || queue.isEmpty()) {
                    changed.signalAll(); // may be idle now: wakes drain()
                    changed.await();
                    continue;
                }
                long waited = System.nanoTime() - queue.oldestQueuedNanos();
                if (queue.batchFull() || waited >= timeoutNanos || draining > 0) {
                    inFlight = true;
                    return queue.takeBatch();
                }
                changed.awaitNanos(timeoutNanos - waited);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Tells the subscriber about dropped events as soon as its queue has room for the notice. */
    private void queueDropNotice() {
        if (unreportedDroppedRecords == 0 || !queue.hasRoom() || !wants("platform")) {
            return;
        }
        TelemetryEvent notice = PlatformEvents.logsDropped(clock.instant(), PlatformEvents.SLOW_CONSUMER_REASON,
                unreportedDroppedRecords, unreportedDroppedBytes);
        queue.append(new QueuedEvent(notice.type(), EventJson.event(notice), System.nanoTime()));
        unreportedDroppedRecords = 0;
        unreportedDroppedBytes = 0;
    }

    private void deliver(List<QueuedEvent> batch) throws InterruptedException {
        List<byte[]> events = new ArrayList<>(batch.size());
        batch.forEach(event -> events.add(event.json()));
        byte[] body = EventJson.batch(events);
        boolean delivered = false;
        String lastProblem = "";
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !delivered; attempt++) {
            if (attempt > 1 && !awaitRetry(limits.retryBackoff().multipliedBy(1L << (attempt - 2)))) {
                break;
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(subscription.destination())
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(), HttpResponse.BodyHandlers.discarding());
                delivered = response.statusCode() / 100 == 2;
                lastProblem = "status " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            }
        }
        if (delivered) {
            counts.delivered(batch, body.length);
        } else {
            counts.failed();
        }
        lock.lock();
        try {
            inFlight = false;
            if (!delivered) {
                // Once SHUTDOWN is out, or the extension's process has ended, an unreachable
                // listener is the end of the environment, not something to warn about.
                if (!closed && !shuttingDown) {
                    LOG.log(Level.WARNING, "telemetry batch of {0} events for extension {1} not delivered to {2} after {3} attempts: {4}",
                            batch.size(), extensionName, subscription.destination(), MAX_ATTEMPTS, lastProblem);
                }
                reportLost(batch);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A batch given up is lost like an overflow: the subscriber hears of it in the next
     * {@code platform.logsDropped}. A lost notice is not announced again, so an unreachable
     * listener cannot keep the subscriber busy forever. Called with the lock held.
     */
    private void reportLost(List<QueuedEvent> batch) {
        long records = 0;
        long bytes = 0;
        for (QueuedEvent event : batch) {
            if (!event.type().equals(DROP_NOTICE_TYPE)) {
                records++;
                bytes += event.json().length;
            }
        }
        unreportedDroppedRecords += records;
        unreportedDroppedBytes += bytes;
        counts.dropped(records);
    }

    /** Waits out a retry backoff, and any freeze on top of it; false when closed meanwhile. */
    private boolean awaitRetry(Duration backoff) throws InterruptedException {
        long deadline = System.nanoTime() + backoff.toNanos();
        lock.lock();
        try {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (paused && draining == 0) {
                    changed.await();
                } else if (left > 0) {
                    changed.awaitNanos(left);
                } else {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }
}
