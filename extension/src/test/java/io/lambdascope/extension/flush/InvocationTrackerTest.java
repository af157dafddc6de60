package io.lambdascope.extension.flush;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvocationTrackerTest {

    private static final Duration BUDGET = Duration.ofMillis(50);

    private final AtomicInteger runtimeDoneSeen = new AtomicInteger();
    private final InvocationTracker tracker = new InvocationTracker(BUDGET, runtimeDoneSeen::incrementAndGet);

    private static TelemetryEvent event(String type, String requestId, Instant time) {
        return new TelemetryEvent(time.toString(), type, record(requestId));
    }

    private static JsonValue record(String requestId) {
        try {
            return JsonValue.parse("{\"requestId\":\"" + requestId + "\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anchorsTheBudgetAtTheEventTimeButNoMoreThanTheBudgetBeforeItsArrival() {
        long before = System.nanoTime();
        tracker.accept(List.of(event("platform.runtimeDone", "a", Instant.now().minusMillis(10)),
                event("platform.runtimeDone", "b", Instant.now().minusSeconds(60)),
                event("platform.runtimeDone", "c", Instant.now().plusSeconds(60))));
        long after = System.nanoTime();

        long a = tracker.runtimeDone("a").orElseThrow();
        assertTrue(a <= after - TimeUnit.MILLISECONDS.toNanos(10), "anchored at the event's time");
        long b = tracker.runtimeDone("b").orElseThrow();
        assertTrue(b >= before - BUDGET.toNanos() && b <= after - BUDGET.toNanos(), "at most a budget back");
        long c = tracker.runtimeDone("c").orElseThrow();
        assertTrue(c >= before && c <= after, "a time ahead of the clock counts as now");
        assertEquals(1, runtimeDoneSeen.get(), "told once per batch");
        assertEquals(OptionalLong.empty(), tracker.runtimeDone("d"));
    }

    @Test
    void anUnreadableTimeCountsAsTheArrival() {
        long before = System.nanoTime();
        tracker.accept(List.of(new TelemetryEvent("12:01:23:521Z", "platform.runtimeDone", record("a"))));
        assertTrue(tracker.runtimeDone("a").orElseThrow() >= before);
    }

    @Test
    void awaitRuntimeDoneReturnsWhenTheEventArrivesOrGivesUp() throws Exception {
        CompletableFuture<OptionalLong> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitRuntimeDone("a", System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        tracker.accept(List.of(event("platform.runtimeDone", "a", Instant.now())));
        assertTrue(waiting.get(10, TimeUnit.SECONDS).isPresent());

        assertEquals(OptionalLong.empty(), tracker.awaitRuntimeDone("never", System.nanoTime()));
    }

    @Test
    void holdForReturnsWhenTheWorkIsDone() throws Exception {
        CompletableFuture<Boolean> work = new CompletableFuture<>();
        work.whenComplete((result, failure) -> tracker.wake());
        CompletableFuture<Boolean> held = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.holdFor(work, "a", System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        work.complete(true);
        assertTrue(held.get(10, TimeUnit.SECONDS));
    }

    @Test
    void holdForGivesUpOnceTheBudgetAfterTheRuntimeIsSpent() throws Exception {
        // The runtime was done a budget ago: nothing is left to wait.
        tracker.accept(List.of(event("platform.runtimeDone", "a", Instant.now().minusSeconds(1))));
        assertFalse(tracker.holdFor(new CompletableFuture<>(), "a", System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
    }

    @Test
    void awaitReportsCountsInvocationsStillWithoutOne() throws Exception {
        tracker.started("a");
        tracker.started("b");
        tracker.accept(List.of(event("platform.report", "a", Instant.now())));
        assertEquals(1, tracker.awaitReports(System.nanoTime()));

        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitReports(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        tracker.accept(List.of(event("platform.report", "b", Instant.now())));
        assertEquals(0, waiting.get(10, TimeUnit.SECONDS));
    }
}
