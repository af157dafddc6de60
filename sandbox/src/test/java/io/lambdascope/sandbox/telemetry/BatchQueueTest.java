package io.lambdascope.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchQueueTest {

    private static QueuedEvent event(int bytes) {
        return new QueuedEvent("function", new byte[bytes], System.nanoTime());
    }

    @Test
    void theNextBatchIsFullAtMaxItems() {
        BatchQueue queue = new BatchQueue(new Buffering(1_000, 1_048_576, 1_000), QueueLimits.DEFAULT);
        for (int i = 0; i < 999; i++) {
            queue.offer(event(10));
        }
        assertFalse(queue.batchFull());
        queue.offer(event(10));
        assertTrue(queue.batchFull());
        queue.offer(event(10));
        assertEquals(1_000, queue.takeBatch().size());
        assertFalse(queue.batchFull());
        assertEquals(1, queue.takeBatch().size());
        assertTrue(queue.isEmpty());
    }

    @Test
    void theNextBatchIsFullWhenOneMoreEventWouldPassMaxBytes() {
        BatchQueue queue = new BatchQueue(new Buffering(1_000, 262_144, 1_000), QueueLimits.DEFAULT);
        // 2 bytes of brackets, 99 events of 2_000 bytes and 98 commas: 198_100 bytes; a 100th would not fit with 64_045
        for (int i = 0; i < 99; i++) {
            queue.offer(event(2_000));
        }
        queue.offer(event(64_045));
        assertTrue(queue.batchFull());
        assertEquals(99, queue.takeBatch().size());
        assertEquals(1, queue.takeBatch().size());
    }

    @Test
    void aBatchExactlyAtMaxBytesIsNotFullYet() {
        BatchQueue queue = new BatchQueue(new Buffering(1_000, 262_144, 1_000), QueueLimits.DEFAULT);
        queue.offer(event(131_070));
        queue.offer(event(131_071)); // [a,b]: 2 + 131_070 + 1 + 131_071 = 262_144
        assertFalse(queue.batchFull());
        queue.offer(event(1));
        assertTrue(queue.batchFull());
        assertEquals(2, queue.takeBatch().size());
    }

    @Test
    void refusesEventsPastItsLimitsButTakesNotices() {
        BatchQueue queue = new BatchQueue(Buffering.DEFAULT, new QueueLimits(2, 1_000, Duration.ZERO));
        assertTrue(queue.offer(event(400)));
        assertFalse(queue.offer(event(700)), "past the byte limit");
        assertTrue(queue.offer(event(500)));
        assertFalse(queue.offer(event(1)), "past the item limit");
        assertFalse(queue.hasRoom());
        queue.append(event(100));
        List<QueuedEvent> all = queue.clear();
        assertEquals(3, all.size());
        assertTrue(queue.isEmpty());
        assertTrue(queue.offer(event(900)));
    }
}
