package io.lambdascope.extension.pipeline;

import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.capture.CapturedInvocations;
import io.lambdascope.extension.convert.TelemetryConverter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.flush.ExportHealth;
import io.lambdascope.extension.flush.FlushPolicy;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.flush.InvocationTracker;
import io.lambdascope.extension.lifecycle.LifecycleEvent;
import io.lambdascope.extension.proxy.ExchangeObserver;
import io.lambdascope.extension.receive.Intake;
import io.lambdascope.extension.receive.InvocationTimeline;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.lambdascope.extension.telemetry.TelemetrySink;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The telemetry pipeline as the lifecycle sees it: Telemetry API batches are converted into the
 * buffer as they arrive; at each INVOKE the flush policy decides whether the invocation is held
 * while its telemetry is exported, and for how long at most; at SHUTDOWN the last telemetry is
 * awaited and everything is exported within the window. {@link Pipelines} assembles it.
 */
public final class TelemetryPipeline implements Pipeline {

    private static final System.Logger LOG = System.getLogger(TelemetryPipeline.class.getName());

    /** Left of the SHUTDOWN deadline for stopping the listeners and exiting the process. */
    static final Duration EXIT_MARGIN = Duration.ofMillis(250);

    private final TelemetryConverter converter;
    private final TelemetryBuffer buffer;
    private final InvocationTracker tracker;
    private final FlushPolicy policy;
    private final Flusher flusher;
    private final ExportHealth health;
    private final Duration budget;
    private final Duration shutdownFlush;
    private final boolean platformEvents;
    private final ExchangeObserver capture;
    private final CapturedInvocations captured;
    private final Intake received;
    private final InvocationTimeline timeline;
    /**
     * Wakes an invocation held for a flush. Made here, once: a lambda made where it is used is
     * spun at the first invocation unless the AOT cache's training happened to make it too.
     */
    private final BiConsumer<Boolean, Throwable> wakeTracker;

    TelemetryPipeline(TelemetryConverter converter, TelemetryBuffer buffer, InvocationTracker tracker, FlushPolicy policy,
                      Flusher flusher, ExportHealth health, Duration budget, Duration shutdownFlush, boolean platformEvents,
                      ExchangeObserver capture, CapturedInvocations captured, Intake received, InvocationTimeline timeline) {
        this.converter = converter;
        this.buffer = buffer;
        this.tracker = tracker;
        this.policy = policy;
        this.flusher = flusher;
        this.health = health;
        this.budget = budget;
        this.shutdownFlush = shutdownFlush;
        this.platformEvents = platformEvents;
        this.capture = capture;
        this.captured = captured;
        this.received = received;
        this.timeline = timeline;
        this.wakeTracker = (sent, failure) -> tracker.wake();
    }

    @Override
    public Intake received() {
        return received;
    }

    @Override
    public ExchangeObserver capture() {
        return capture;
    }

    @Override
    public TelemetrySink telemetry() {
        return new TelemetrySink() {
            @Override
            public void accept(List<TelemetryEvent> batch) {
                // Convert first: when the tracker then sees runtimeDone, the invocation's lines are buffered.
                converter.accept(batch);
                tracker.accept(batch);
                flusher.flushIfBatchReady();
            }

            @Override
            public void refused(String reason, long count) {
                health.refused(reason, count);
            }
        };
    }

    @Override
    public void invoke(LifecycleEvent.Invoke invoke) {
        long start = System.nanoTime();
        tracker.started(invoke.requestId());
        timeline.started(invoke.requestId(), invoke.tracing(), TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
        FlushPolicy.Mode mode = policy.next(start);
        long invocationEnd = start + TimeUnit.MILLISECONDS.toNanos(Math.max(0, invoke.deadlineMs() - System.currentTimeMillis()));
        try {
            switch (mode) {
                case CONTINUOUS -> {
                    flusher.flushIfDue();
                    health.held(Duration.ZERO);
                }
                case PERIODIC -> hold(invoke.requestId(), flusher.flushIfDue(), invocationEnd);
                case END_OF_INVOCATION -> {
                    if (platformEvents) {
                        OptionalLong done = tracker.awaitRuntimeDone(invoke.requestId(), invocationEnd + budget.toNanos());
                        if (done.isEmpty()) {
                            LOG.log(DEBUG, () -> "no platform.runtimeDone for " + invoke.requestId() + " before its deadline");
                            return;
                        }
                    }
                    // A function's SDK may still be sending what it made in the invocation.
                    received.awaitQuiet(start, Math.min(invocationEnd + budget.toNanos(), System.nanoTime() + budget.toNanos() / 2));
                    hold(invoke.requestId(), flusher.flush(), invocationEnd);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Holds the invocation until the flush is done or the budget is spent. The budget runs from
     * the runtime's end; without platform events that end is unknown, and the wake-up stands in.
     */
    private void hold(String requestId, CompletableFuture<Boolean> flush, long invocationEnd) throws InterruptedException {
        if (flush.isDone()) {
            record(requestId);
            return;
        }
        if (!flusher.worthWaiting()) {
            health.saved(budget);
            return;
        }
        flush.whenComplete(wakeTracker);
        long until = platformEvents ? invocationEnd + budget.toNanos() : System.nanoTime() + budget.toNanos();
        if (!tracker.holdFor(flush, requestId, until)) {
            flusher.gaveUp();
        }
        record(requestId);
    }

    private void record(String requestId) {
        OptionalLong done = tracker.runtimeDone(requestId);
        health.held(done.isPresent() ? Duration.ofNanos(Math.max(0, System.nanoTime() - done.getAsLong())) : Duration.ZERO);
    }

    @Override
    public void shutdown(LifecycleEvent.Shutdown shutdown, Runnable stopReceiving) {
        long now = System.nanoTime();
        long window = TimeUnit.MILLISECONDS.toNanos(shutdown.deadlineMs() - System.currentTimeMillis()) - EXIT_MARGIN.toNanos();
        long end = now + Math.max(0, Math.min(window, shutdownFlush.toNanos()));
        try {
            // The last invocation's report comes during SHUTDOWN; half the time goes to waiting for it.
            int unreported = platformEvents ? tracker.awaitReports(now + (end - now) / 2) : 0;
            stopReceiving.run();
            converter.closeOpen();
            captured.drain();
            if (unreported > 0) {
                LOG.log(DEBUG, () -> unreported + " invocations ended without a platform.report");
            }
            if (!flusher.finish(end)) {
                long lost = 0;
                for (Signal signal : Signal.values()) {
                    int left = buffer.count(signal);
                    health.dropped(signal, ExportHealth.DropReason.SHUTDOWN, left);
                    lost += left;
                }
                LOG.log(WARNING, "{0} items could not be exported before the shutdown deadline", lost);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Everything the buffer took is in the line: exported, dropped for a reason, or (when the
        // shutdown is cut short) still waiting, which is counted as dropped for shutdown above.
        LOG.log(INFO, "shutdown: " + health.summary() + ", took " + buffer.taken() + " items in all");
    }
}
