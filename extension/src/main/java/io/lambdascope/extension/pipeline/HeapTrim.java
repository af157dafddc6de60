package io.lambdascope.extension.pipeline;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * Gives the memory of old garbage back while the runtime waits for its next event. The serial
 * collector enlarges the old generation with promoted garbage (telemetry that waited for its
 * export) rather than collect it, up to the launcher's {@code -Xmx}: after 20,000 invocations the
 * heap was 92 MB, 6 MB of it live, and the extension's RSS 152 MB, which Lambda counts against the
 * function's memory. Past its target, the heap is collected whole, and the collector then shrinks
 * it. The runtime has nothing in flight at that moment, so the pause (about 10 ms) holds up no
 * answer; and it comes once in thousands of invocations. Without capture there is no proxy to
 * tell that moment, and the trim comes when the platform reports the runtime done.
 */
final class HeapTrim {

    /** Twice the launcher's initial heap: the live data while exports keep up (6 to 8 MB) and a young generation. */
    static final long TARGET_BYTES = 32L << 20;

    private static final System.Logger LOG = System.getLogger(HeapTrim.class.getName());

    /** The heap as the trim sees it. */
    interface Heap {
        /** The heap's committed size in bytes. */
        long committed();

        /** Collects the whole heap. */
        void collect();
    }

    /** This JVM's heap. */
    static final Heap JVM = new Heap() {
        @Override
        public long committed() {
            return Runtime.getRuntime().totalMemory();
        }

        @Override
        public void collect() {
            System.gc();
        }
    };

    private final Heap heap;
    private long target = TARGET_BYTES;

    HeapTrim(Heap heap) {
        this.heap = heap;
    }

    /** Collects the heap if it has grown past its target. */
    synchronized void trimIfGrown() {
        long before = heap.committed();
        if (before <= target) {
            return;
        }
        heap.collect();
        long after = heap.committed();
        // A heap that stays large (a full buffer while the backend is down) would otherwise be
        // collected at every invocation: the target follows it, and comes back down with it.
        target = Math.max(TARGET_BYTES, after + after / 2);
        LOG.log(DEBUG, () -> "heap collected: " + (before >> 20) + " MB committed before, " + (after >> 20) + " MB after");
    }
}
