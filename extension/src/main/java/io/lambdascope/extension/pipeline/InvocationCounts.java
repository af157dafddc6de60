package io.lambdascope.extension.pipeline;

import io.lambdascope.extension.lifecycle.LifecycleEvent;

import java.util.concurrent.atomic.AtomicLong;

/** A pipeline that counts invocations and logs each at debug level. */
public final class InvocationCounts implements Pipeline {

    private static final System.Logger LOG = System.getLogger(InvocationCounts.class.getName());

    private final AtomicLong invocations = new AtomicLong();

    @Override
    public void invoke(LifecycleEvent.Invoke invoke) {
        long count = invocations.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, () -> "invocation %d: %s".formatted(count, invoke.requestId()));
    }

    @Override
    public void shutdown(LifecycleEvent.Shutdown shutdown) {
        LOG.log(System.Logger.Level.DEBUG, () -> "shutdown (%s) after %d invocations".formatted(shutdown.reason(), invocations.get()));
    }

    /** Invocations seen so far. */
    public long invocations() {
        return invocations.get();
    }
}
