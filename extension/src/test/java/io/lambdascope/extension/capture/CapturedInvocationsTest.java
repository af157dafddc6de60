package io.lambdascope.extension.capture;

import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.config.RedactionConfig;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Between the proxy's capture and the platform's spans: each invocation ends as one span, exported once. */
class CapturedInvocationsTest {

    private static final byte[] EVENT = """
            {"version":"2.0","routeKey":"GET /orders","rawPath":"/orders","rawQueryString":"","headers":{"host":"example.com"},
             "requestContext":{"http":{"method":"GET","path":"/orders","protocol":"HTTP/1.1","sourceIp":"203.0.113.7"},
             "domainName":"example.com","requestId":"r"},"isBase64Encoded":false}
            """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANSWER = "{\"statusCode\":200,\"body\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final EventCapture capture = EventCapture.of(new CaptureConfig(true, false, 8192, 9009),
            new RedactionConfig(List.of(), Optional.empty(), List.of()));
    private final List<Span> alone = new ArrayList<>();

    private InvocationSpan started(CapturedInvocations invocations, String requestId) {
        InvocationSpan span = (InvocationSpan) capture.event(EVENT, requestId);
        invocations.started(requestId, span);
        return span;
    }

    @Test
    void theInvocationTakesTheCapturedContextAndTheReportClaimsTheFinishedSpan() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        InvocationSpan span = started(invocations, "a");
        assertEquals(span.context(), invocations.context("a").orElseThrow());
        invocations.answered("a", ANSWER);

        Span claimed = invocations.claim("a").orElseThrow();
        assertEquals("GET /orders", claimed.getName());
        assertEquals(span.context().spanId(), claimed.getSpanId());
        assertTrue(invocations.claim("a").isEmpty(), "claimed once");
        invocations.drain();
        assertTrue(alone.isEmpty(), "a claimed span is not exported on its own");
    }

    @Test
    void aRelayedEventIsReadOnlyWhenItsSpanIsFirstNeeded() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        List<String> read = new ArrayList<>();
        InvocationSpan span = (InvocationSpan) capture.event(EVENT, "a");
        invocations.relaying("a");
        invocations.relayed("a", () -> {
            read.add("a");
            invocations.started("a", span);
        }, true);
        assertTrue(read.isEmpty(), "not while the function runs");
        assertEquals(span.context(), invocations.context("a").orElseThrow(), "read at platform.start");
        assertEquals(List.of("a"), read);

        invocations.relaying("b");
        invocations.relayed("b", () -> {
            read.add("b");
            invocations.started("b", (InvocationSpan) capture.event(EVENT, "b"));
        }, true);
        invocations.answered("b", ANSWER);
        assertEquals(List.of("a", "b"), read, "or read when the function answered");
        assertEquals("GET /orders", invocations.claim("b").orElseThrow().getName());
    }

    @Test
    void anUnreadEventsAnswerIsCopiedOnlyWhenItMayBeHttp() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        invocations.relayed("sqs", () -> invocations.notCaptured("sqs"), false);
        invocations.relayed("http", () -> invocations.notCaptured("http"), true);
        assertTrue(!invocations.readsAnswer("sqs"));
        assertTrue(invocations.readsAnswer("http"));
        assertTrue(invocations.readsAnswer("unknown"), "an answer before its event is copied, to be safe");
        assertTrue(CaptureObserver.contains(EVENT, "\"requestContext\"".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void thePlatformsStartWaitsForAnEventTheProxyIsStillRelaying() throws Exception {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        invocations.relaying("a");
        InvocationSpan span = (InvocationSpan) capture.event(EVENT, "a");
        Thread waiting = Thread.currentThread();
        Thread proxy = Thread.ofPlatform().start(() -> {
            awaitWaiting(waiting);
            invocations.relayed("a", () -> invocations.started("a", span), true);
        });
        assertEquals(span.context(), invocations.context("a").orElseThrow(), "one span, not the platform's alone");
        proxy.join();
    }

    @Test
    void onceTheRuntimeTalksThroughTheProxyAnEventNotYetRelayedIsWaitedFor() throws Exception {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        assertTrue(invocations.context("first").isEmpty(), "no wait before the proxy is known to be in the path");

        invocations.proxied();
        InvocationSpan span = (InvocationSpan) capture.event(EVENT, "b");
        Thread proxy = relayOnceWaitedFor(invocations, "b", span);
        assertEquals(span.context(), invocations.context("b").orElseThrow(), "the proxy's thread ran late; still one span");
        proxy.join();

        invocations.relaying("c");
        invocations.relayed("c", () -> invocations.notCaptured("c"), true);
        invocations.answered("c", ANSWER);
        assertTrue(invocations.context("c").isEmpty(), "an event read as nothing leaves nothing to wait for");
    }

    @Test
    void anEventReadAsNothingEndsTheWaitAndAStaleOneEndsItAtTheBound() throws Exception {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        invocations.relaying("a");
        Thread waiting = Thread.currentThread();
        Thread proxy = Thread.ofPlatform().start(() -> {
            awaitWaiting(waiting);
            invocations.relayed("a", () -> invocations.notCaptured("a"), true);
        });
        assertTrue(invocations.context("a").isEmpty());
        proxy.join();

        invocations.relaying("b");
        assertTrue(invocations.context("b").isEmpty(), "an event never relayed does not hold the pipeline past the bound");
        assertTrue(!invocations.started("b", (InvocationSpan) capture.event(EVENT, "b")), "too late: the platform's span stands alone");
    }

    /** A proxy that begins and ends relaying the event only once the calling thread waits for it. */
    private static Thread relayOnceWaitedFor(CapturedInvocations invocations, String requestId, InvocationSpan span) {
        Thread waiting = Thread.currentThread();
        return Thread.ofPlatform().start(() -> {
            awaitWaiting(waiting);
            invocations.relaying(requestId);
            invocations.relayed(requestId, () -> invocations.started(requestId, span), true);
        });
    }

    /** Returns once the thread is blocked in a timed wait: the proxy acts only once the platform is waiting for it. */
    private static void awaitWaiting(Thread thread) {
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
    }

    @Test
    void theReportWaitsForAnAnswerTheRuntimeHasBegunToPost() throws Exception {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        started(invocations, "a");
        invocations.answering("a");
        Thread waiting = Thread.currentThread();
        Thread capture = Thread.ofPlatform().start(() -> {
            awaitWaiting(waiting);
            invocations.answered("a", ANSWER);
        });
        assertTrue(invocations.claim("a").isPresent(), "capture read the answer late; the span still has it");
        capture.join();

        started(invocations, "b");
        invocations.answering("b");
        invocations.notAnswered("b");
        assertTrue(invocations.claim("b").isEmpty(), "an answer whose post failed is not waited for");
    }

    @Test
    void aSpanFinishedAfterItsReportIsDroppedNotDuplicated() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        started(invocations, "a");
        assertTrue(invocations.claim("a").isEmpty(), "the report came before the answer was captured");
        invocations.answered("a", ANSWER);
        invocations.drain();
        assertTrue(alone.isEmpty(), "the platform's span, with the same ids, already went out");
    }

    @Test
    void withoutPlatformSpansOrAReportTheCapturedSpanGoesOutAlone() {
        CapturedInvocations unmerged = new CapturedInvocations(alone::add, false);
        started(unmerged, "a");
        unmerged.failed("a", new RuntimeError("Runtime.UserException", "no such order", ""));
        assertEquals(1, alone.size(), "exported when finished");
        assertEquals("Runtime.UserException", alone.getFirst().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("error.type")).findFirst().orElseThrow().getValue().getStringValue());

        CapturedInvocations merged = new CapturedInvocations(alone::add, true);
        started(merged, "b");
        merged.answered("b", ANSWER);
        merged.drain();
        assertEquals(2, alone.size(), "no report claimed it: exported at shutdown");
    }

    @Test
    void theOldestUnclaimedSpanIsExportedWhenItIsForgotten() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        started(invocations, "first");
        invocations.answered("first", ANSWER);
        for (int i = 0; i < CapturedInvocations.REMEMBERED; i++) {
            started(invocations, "later-" + i);
        }
        assertEquals(1, alone.size());
        assertTrue(invocations.context("first").isEmpty());
    }

    @Test
    void reportsThatComeAfterTheirInvocationsWereForgottenAreNotWaitedFor() throws Exception {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        int forgotten = 10;
        int relayed = CapturedInvocations.REMEMBERED + forgotten;
        for (int i = 0; i < relayed; i++) {
            String requestId = "i" + i;
            invocations.relaying(requestId);
            InvocationSpan span = (InvocationSpan) capture.event(EVENT, requestId);
            invocations.relayed(requestId, () -> invocations.started(requestId, span), true);
            invocations.answered(requestId, ANSWER);
        }
        assertEquals(forgotten, alone.size(), "the oldest went out on their own");

        // The platform's events come a whole batch late. Were the first ones waited for, this
        // stand-in for a proxy would relay one of them meanwhile and the platform would take it.
        Thread platform = Thread.currentThread();
        AtomicBoolean done = new AtomicBoolean();
        Thread lateProxy = Thread.ofPlatform().start(() -> {
            while (!done.get() && platform.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            if (!done.get()) {
                invocations.relaying("i0");
                invocations.relayed("i0", () -> invocations.started("i0", (InvocationSpan) capture.event(EVENT, "i0")), true);
            }
        });
        for (int i = 0; i < forgotten; i++) {
            assertTrue(invocations.context("i" + i).isEmpty(), "i" + i + " was relayed long ago: nothing is on its way");
        }
        done.set(true);
        lateProxy.join();
        for (int i = forgotten; i < relayed; i++) {
            assertTrue(invocations.context("i" + i).isPresent(), "i" + i + " is remembered");
            assertTrue(invocations.claim("i" + i).isPresent());
        }

        InvocationSpan next = (InvocationSpan) capture.event(EVENT, "next");
        Thread proxy = relayOnceWaitedFor(invocations, "next", next);
        assertEquals(next.context(), invocations.context("next").orElseThrow(), "the next invocation is still waited for");
        proxy.join();
    }

    @Test
    void anEventCapturedAfterThePlatformsSpanBeganIsLeftOutNotExportedTwice() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, true);
        assertTrue(invocations.context("a").isEmpty(), "platform.start came first");
        InvocationSpan span = (InvocationSpan) capture.event(EVENT, "a");
        assertTrue(!invocations.started("a", span));
        invocations.answered("a", ANSWER);
        assertTrue(invocations.claim("a").isEmpty());
        invocations.drain();
        assertTrue(alone.isEmpty());
    }

    @Test
    void answersForInvocationsItNeverSawAreIgnored() {
        CapturedInvocations invocations = new CapturedInvocations(alone::add, false);
        invocations.answered("unknown", ANSWER);
        invocations.failed("unknown", new RuntimeError("E", "m", ""));
        assertTrue(alone.isEmpty());
        assertTrue(invocations.claim("unknown").isEmpty());
    }
}
