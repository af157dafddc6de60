package io.lambdascope.extension.export;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(5));

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(100, millis(policy.backoffNanos(1, Optional.empty(), 0.9999999)));
        assertEquals(200, millis(policy.backoffNanos(2, Optional.empty(), 0.9999999)));
        assertEquals(400, millis(policy.backoffNanos(3, Optional.empty(), 0.9999999)));
        assertEquals(2000, millis(policy.backoffNanos(6, Optional.empty(), 0.9999999)));
        assertEquals(2000, millis(policy.backoffNanos(60, Optional.empty(), 0.9999999)));
    }

    @Test
    void jitterTakesAtMostHalf() {
        assertEquals(50, millis(policy.backoffNanos(1, Optional.empty(), 0)));
        assertEquals(75, millis(policy.backoffNanos(1, Optional.empty(), 0.5)));
        assertEquals(1000, millis(policy.backoffNanos(10, Optional.empty(), 0)));
    }

    @Test
    void retryAfterIsTheLeastWait() {
        assertEquals(3000, millis(policy.backoffNanos(1, Optional.of(Duration.ofSeconds(3)), 0.5)));
        assertEquals(400, millis(policy.backoffNanos(3, Optional.of(Duration.ZERO), 0.9999999)));
    }

    @Test
    void retryAfterInSeconds() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryPolicy.retryAfter("3", now));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryPolicy.retryAfter(" 120 ", now));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.retryAfter("0", now));
        assertEquals(Optional.of(Duration.ofSeconds(9_999_999_999L)), RetryPolicy.retryAfter("99999999999999999999999", now));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        Instant now = Instant.parse("2015-10-21T07:27:30Z");
        assertEquals(Optional.of(Duration.ofSeconds(30)), RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now));
    }

    @Test
    void retryAfterThatIsNeitherIsIgnored() {
        Instant now = Instant.now();
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("", now));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("-1", now));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("1.5", now));
        assertEquals(Optional.empty(), RetryPolicy.retryAfter("soon", now));
    }
}
