package io.lambdascope.extension.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapTrimTest {

    private static final long MB = 1L << 20;

    /** A heap whose collections bring it down to its live data. */
    private static final class FakeHeap implements HeapTrim.Heap {
        long committed;
        long live;
        int collections;

        @Override
        public long committed() {
            return committed;
        }

        @Override
        public void collect() {
            collections++;
            committed = live;
        }
    }

    private final FakeHeap heap = new FakeHeap();
    private final HeapTrim trim = new HeapTrim(heap);

    @Test
    void leavesAHeapWithinItsTargetAlone() {
        heap.committed = HeapTrim.TARGET_BYTES;

        trim.trimIfGrown();

        assertEquals(0, heap.collections);
    }

    @Test
    void collectsAHeapGrownPastItsTarget() {
        heap.committed = 92 * MB;
        heap.live = 20 * MB;

        trim.trimIfGrown();

        assertEquals(1, heap.collections);
        assertEquals(20 * MB, heap.committed);
    }

    @Test
    void followsAHeapThatStaysLargeRatherThanCollectItAtEveryInvocation() {
        heap.live = 40 * MB;
        heap.committed = 92 * MB;
        trim.trimIfGrown();

        heap.committed = 55 * MB;
        trim.trimIfGrown();
        assertEquals(1, heap.collections, "within half again of what the last collection left");

        heap.committed = 61 * MB;
        trim.trimIfGrown();
        assertEquals(2, heap.collections, "past it");

        heap.live = 10 * MB;
        heap.committed = 61 * MB;
        trim.trimIfGrown();
        heap.committed = 33 * MB;
        trim.trimIfGrown();
        assertEquals(4, heap.collections, "the target comes back down with the heap");
    }
}
