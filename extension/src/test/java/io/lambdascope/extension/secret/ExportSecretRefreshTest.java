package io.lambdascope.extension.secret;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a refused request has the secret read again, with a store that counts its reads and a clock the test moves. */
class ExportSecretRefreshTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ExportSecret secret = new ExportSecret(SecretReference.parse("otlp"),
            () -> reference -> "token-" + reads.incrementAndGet(), now::get, Duration.ofSeconds(1), Duration.ofSeconds(60));

    private Map<String, String> headers() {
        return secret.headers(System.nanoTime() + Duration.ofSeconds(10).toNanos()).orElseThrow();
    }

    @Test
    void readOnceThenKept() {
        Map<String, String> first = headers();
        assertEquals(Map.of("Authorization", "Bearer token-1"), first);
        assertSame(first, headers());
        assertEquals(1, reads.get());
    }

    @Test
    void manyRefusalsOfTheSameHeadersReadOnce() {
        Map<String, String> refused = headers();
        secret.refused(refused);
        secret.refused(refused);
        Map<String, String> renewed = headers();
        secret.refused(refused);
        assertEquals(Map.of("Authorization", "Bearer token-2"), renewed);
        assertSame(renewed, headers());
        assertEquals(2, reads.get());
    }

    @Test
    void refusalsOfNewHeadersReadAgainOnlyAfterTheInterval() {
        secret.refused(headers());
        Map<String, String> second = headers();
        secret.refused(second);
        assertSame(second, headers(), "within the interval the refused headers stay");
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        secret.refused(second);
        Map<String, String> third = headers();
        assertNotSame(second, third);
        assertEquals(3, reads.get());
        assertTrue(secret.problem().isEmpty(), secret.problem());
    }
}
