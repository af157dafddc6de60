package io.lambdascope.extension.flush;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void opensAfterFailuresInARowAndProbesAfterTheCoolDown() {
        CircuitBreaker breaker = new CircuitBreaker();
        assertFalse(breaker.failure(0));
        assertFalse(breaker.failure(0));
        assertTrue(breaker.closed());
        assertTrue(breaker.failure(0));

        assertFalse(breaker.closed());
        assertFalse(breaker.allowsExport(SECOND / 2));
        assertEquals(SECOND, breaker.probeAtNanos());
        assertTrue(breaker.allowsExport(SECOND));
    }

    @Test
    void aFailedProbeDoublesTheCoolDownUpToTheMaximum() {
        CircuitBreaker breaker = new CircuitBreaker();
        for (int i = 0; i < CircuitBreaker.FAILURES_TO_OPEN; i++) {
            breaker.failure(0);
        }
        breaker.failure(SECOND);
        assertEquals(3 * SECOND, breaker.probeAtNanos());
        for (int i = 0; i < 10; i++) {
            breaker.failure(10 * SECOND);
        }
        assertEquals(10 * SECOND + CircuitBreaker.MAX_COOL_DOWN.toNanos(), breaker.probeAtNanos());
    }

    @Test
    void successClosesItAndResetsTheCount() {
        CircuitBreaker breaker = new CircuitBreaker();
        breaker.failure(0);
        breaker.failure(0);
        breaker.success();
        assertFalse(breaker.failure(0));
        assertFalse(breaker.failure(0));
        assertTrue(breaker.failure(0));
        breaker.success();
        assertTrue(breaker.closed());
        assertTrue(breaker.allowsExport(0));
    }
}
