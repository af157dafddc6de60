package io.lambdascope.extension.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LambdaTimeTest {

    private static long nanos(String iso) {
        Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void readsLambdasIsoTimes() {
        assertEquals(nanos("2022-10-12T00:00:15.064Z"), LambdaTime.epochNanos("2022-10-12T00:00:15.064Z"));
        assertEquals(nanos("2024-05-15T23:58:26.858Z"), LambdaTime.epochNanos("2024-05-15T23:58:26.858Z"));
        assertEquals(0, LambdaTime.epochNanos("1970-01-01T00:00:00Z"));
    }

    @Test
    void readsTheColonBeforeMillisecondsOfTheDocumentationSamples() {
        assertEquals(nanos("2022-08-02T12:01:23.521Z"), LambdaTime.epochNanos("2022-08-02T12:01:23:521Z"));
    }

    @Test
    void readsFractionsOffsetsAndNoZone() {
        assertEquals(nanos("2024-02-29T10:00:00.123456789Z"), LambdaTime.epochNanos("2024-02-29T10:00:00.123456789Z"));
        assertEquals(nanos("2024-02-29T10:00:00.123456789Z"), LambdaTime.epochNanos("2024-02-29T10:00:00.1234567891Z"),
                "digits past nanoseconds are dropped");
        assertEquals(nanos("2024-01-01T10:00:00Z"), LambdaTime.epochNanos("2024-01-01T12:00:00+02:00"));
        assertEquals(nanos("2024-01-01T10:00:00Z"), LambdaTime.epochNanos("2024-01-01T12:00:00+0200"));
        assertEquals(nanos("2024-01-01T14:30:00Z"), LambdaTime.epochNanos("2024-01-01T12:00:00-02:30"));
        assertEquals(nanos("2024-01-01T12:00:00Z"), LambdaTime.epochNanos("2024-01-01 12:00:00"));
        assertEquals(nanos("2024-01-01T12:00:00.5Z"), LambdaTime.epochNanos("2024-01-01T12:00:00,5"));
    }

    @Test
    void agreesWithJavaTimeOverManyInstants() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L)).truncatedTo(ChronoUnit.MILLIS);
            assertEquals(nanos(instant.toString()), LambdaTime.epochNanos(instant.toString()), instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2022-10-12", "2022-13-12T00:00:15.064Z", "2022-02-30T00:00:15Z",
            "2022-10-12T24:00:15Z", "2022-10-12T00:00:15.Z", "2022-10-12T00:00:15.064Q", "2022-10-12X00:00:15Z",
            "2022-10-12T00:00:15.064Z ", "2022-1O-12T00:00:15Z", "2022-10-12T00:00:15+2"})
    void answersInvalidForWhatIsNotATime(String text) {
        assertEquals(LambdaTime.INVALID, LambdaTime.epochNanos(text));
    }

    @Test
    void answersInvalidForNull() {
        assertEquals(LambdaTime.INVALID, LambdaTime.epochNanos(null));
    }
}
