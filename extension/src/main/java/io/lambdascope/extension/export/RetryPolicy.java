package io.lambdascope.extension.export;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a failed export request is tried again: jittered exponential backoff, never shorter than the
 * server's {@code Retry-After}, within a number of attempts. The deadline of each export call bounds
 * it further (see {@link OtlpHttpExporter}).
 *
 * @param maxAttempts most requests in one export call, the first one included
 * @param initialBackoff the nominal wait before the first retry; each later one doubles it
 * @param maxBackoff the largest nominal wait
 * @param minAttempt the least time left for an attempt to be worth starting
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration minAttempt) {

    /**
     * Five attempts, waits from 100 ms doubling up to 2 s, no attempt with less than 5 ms left.
     * Shorter than the OpenTelemetry SDK's defaults (1 s up to 5 s) because a Lambda flush has
     * seconds, not minutes, before the environment freezes or shuts down.
     */
    static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(5));

    /**
     * The wait before a retry: the nominal backoff halved and topped up by a random share of the
     * other half, so that many environments failing together do not retry in step; at least the
     * server's {@code Retry-After}.
     *
     * @param retry 1 for the first retry, 2 for the second, ...
     * @param retryAfter what the server asked for, if anything
     * @param random a number in [0, 1)
     * @return the wait in nanoseconds
     */
    long backoffNanos(int retry, Optional<Duration> retryAfter, double random) {
        long nominal = initialBackoff.toNanos();
        for (int i = 1; i < retry && nominal < maxBackoff.toNanos(); i++) {
            nominal *= 2;
        }
        nominal = Math.min(nominal, maxBackoff.toNanos());
        long jittered = nominal / 2 + (long) (nominal / 2 * random);
        return Math.max(jittered, retryAfter.map(Duration::toNanos).orElse(0L));
    }

    /**
     * Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3).
     *
     * @param value the header value
     * @param now the current time, for an HTTP-date
     * @return the wait it asks for, zero for a date already past; empty when the value is neither form
     */
    static Optional<Duration> retryAfter(String value, Instant now) {
        String text = value.strip();
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // Ten digits are over 300 years; a longer value is as good as forever and must not overflow.
            return Optional.of(text.length() > 10 ? Duration.ofSeconds(9_999_999_999L) : Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
