package io.lambdascope.extension.pipeline;

import io.lambdascope.extension.lifecycle.LifecycleEvent;

/**
 * What the extension does at each lifecycle event: open an invocation's telemetry, flush it, and
 * flush everything at shutdown. Called from the thread that polls {@code event/next}, so the
 * extension is not ready for the next event before a method returns.
 */
public interface Pipeline {

    /**
     * An invocation started.
     *
     * @param invoke the INVOKE event
     */
    void invoke(LifecycleEvent.Invoke invoke);

    /**
     * The environment is shutting down; return before {@link LifecycleEvent.Shutdown#deadlineMs()}.
     *
     * @param shutdown the SHUTDOWN event
     */
    void shutdown(LifecycleEvent.Shutdown shutdown);
}
