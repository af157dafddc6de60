package io.lambdascope.extension.receive;

import io.lambdascope.extension.metrics.MetricRegistry;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The room for bodies being read: what each takes, who waits, who is refused and counted. */
class AdmissionTest {

    private static final int MAX = OtlpHttpReceiver.MAX_BODY;

    private final MetricRegistry metrics = new MetricRegistry();

    @Test
    void aBodyTakesItsAnnouncedLengthOrTheMostABodyMayBe() {
        assertEquals(1234, Admission.weight(OptionalLong.of(1234), false));
        assertEquals(0, Admission.weight(OptionalLong.of(0), false));
        assertEquals(MAX, Admission.weight(OptionalLong.of(MAX * 10L), false), "refused as it is read");
        assertEquals(MAX, Admission.weight(OptionalLong.empty(), false), "chunked: its length is not told");
        assertEquals(MAX, Admission.weight(OptionalLong.of(100), true), "compressed: it inflates to an unknown size");
    }

    @Test
    void smallBodiesShareTheRoomAndALargeOneWaitsForItsTurn() throws Exception {
        Admission admission = new Admission(2 * MAX, 10_000, metrics.counter("refused", "{request}", ""));
        assertTrue(admission.enter(MAX, "traces"));
        for (int i = 0; i < 4; i++) {
            assertTrue(admission.enter(MAX / 4, "logs"));
        }
        CompletableFuture<Boolean> large = CompletableFuture.supplyAsync(() -> admission.enter(MAX, "traces"));
        assertFalse(large.isDone(), "no room yet");
        admission.leave(MAX);
        assertTrue(large.get(10, TimeUnit.SECONDS), "in once the first large body is done");
        assertTrue(metrics.collect().isEmpty(), "nothing refused");
    }

    @Test
    void aBodyThatFindsNoRoomInTimeIsRefusedAndCounted() {
        Admission admission = new Admission(MAX, 20, metrics.counter("refused", "{request}", ""));
        assertTrue(admission.enter(MAX, "traces"));
        assertFalse(admission.enter(1, "metrics"));
        List<Metric> refused = metrics.collect();
        assertEquals(1, refused.getFirst().getSum().getDataPoints(0).getAsInt());
        assertEquals("metrics", refused.getFirst().getSum().getDataPoints(0).getAttributes(0).getValue().getStringValue());
        admission.leave(MAX);
        assertTrue(admission.enter(MAX, "traces"), "the room is whole again");
    }
}
