package io.lambdascope.extension.flush;

import io.lambdascope.extension.config.FlushStrategy;

import java.time.Duration;

/**
 * Decides, at each INVOKE, how this invocation's telemetry leaves. Three fixed strategies and the
 * adaptive one, which picks between two of them from the rhythm of the invocations:
 *
 * <ul>
 *   <li>The first {@value #WARM_UP} invocations of an environment, and any invocation that begins
 *       {@link #FREQUENT} or more after the one before, are exported at their end: a function
 *       invoked rarely may be frozen for minutes after each invocation, and its telemetry would
 *       wait all that time in the buffer.</li>
 *   <li>Once {@value #WARM_UP} invocations in a row each began within {@link #FREQUENT} of the one
 *       before, export runs in the background and never holds the next invocation: the next thaw
 *       comes soon enough to carry the telemetry out, and the time the function is billed for no
 *       longer includes the export.</li>
 * </ul>
 *
 * <p>Not thread-safe: the lifecycle thread alone calls it.
 */
public final class FlushPolicy {

    /** How this invocation's telemetry is exported. */
    public enum Mode {
        /** Wait for the runtime to be done, flush, then ask for the next event. */
        END_OF_INVOCATION,
        /** Flush when the interval has passed, at the wake-up; hold next only until it is done or the budget is spent. */
        PERIODIC,
        /** Flush in the background; never hold next. */
        CONTINUOUS
    }

    /** Invocations after a cold start that are always exported at their end, and the run of frequent ones that switches. */
    static final int WARM_UP = 3;
    /** Invocations closer than this to the previous one count as frequent. */
    static final Duration FREQUENT = Duration.ofSeconds(1);

    private final FlushStrategy strategy;
    private long invocations;
    private long previousStartNanos;
    private int frequentInARow;

    /**
     * A policy for the configured strategy.
     *
     * @param strategy the strategy
     */
    public FlushPolicy(FlushStrategy strategy) {
        this.strategy = strategy;
    }

    /**
     * The mode of an invocation that began now.
     *
     * @param startNanos its {@link System#nanoTime()} at INVOKE
     * @return how its telemetry leaves
     */
    public Mode next(long startNanos) {
        boolean frequent = invocations > 0 && startNanos - previousStartNanos < FREQUENT.toNanos();
        frequentInARow = frequent ? frequentInARow + 1 : 0;
        invocations++;
        previousStartNanos = startNanos;
        return switch (strategy) {
            case END_OF_INVOCATION -> Mode.END_OF_INVOCATION;
            case PERIODIC -> Mode.PERIODIC;
            case CONTINUOUS -> Mode.CONTINUOUS;
            case ADAPTIVE -> invocations > WARM_UP && frequentInARow >= WARM_UP ? Mode.CONTINUOUS : Mode.END_OF_INVOCATION;
        };
    }
}
