package io.lambdascope.extension;

import io.helidon.common.resumable.Resumable;
import io.helidon.common.resumable.ResumableSupport;

/**
 * Helidon's hook for checkpoint and restore, which the extension does not do, answering the one
 * question Helidon's server asks of it at every start without {@code java.management}.
 *
 * <p>The server's start logs how long the JVM has been up. Helidon's own answer, when no process
 * was restored, comes from {@code ManagementFactory.getRuntimeMXBean()}: that one log line (at
 * INFO, which the extension does not show for Helidon) was all that kept the {@code
 * java.management} module, 1.4 MB, and its native library in the layer's runtime, and its
 * platform beans in every cold start. Found by {@link java.util.ServiceLoader}, as Helidon looks
 * for one, through {@code META-INF/services}.
 */
public final class NoCheckpoints implements ResumableSupport {

    private final long createdNanos = System.nanoTime();

    @Override
    public void register(Resumable resumable) {
        // Nothing is ever suspended.
    }

    @Override
    public void checkpointResume() {
        // No checkpoint is taken: the request returns at once, as Helidon's default does.
    }

    /**
     * Milliseconds since Helidon first asked for this hook, as its server starts: never -1, the
     * answer that sends Helidon to {@code java.management}.
     */
    @Override
    public long uptimeSinceResume() {
        return (System.nanoTime() - createdNanos) / 1_000_000;
    }

    @Override
    public long resumeTime() {
        return -1;
    }
}
