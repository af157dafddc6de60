package io.lambdascope.extension.lifecycle;

import java.util.Optional;

/** An event from {@code event/next}: the environment is about to run an invocation, or to end. */
public sealed interface LifecycleEvent {

    /** Epoch milliseconds by which this phase must be over. */
    long deadlineMs();

    /**
     * An invocation has started.
     *
     * @param requestId the invocation's request id
     * @param deadlineMs epoch milliseconds at which the invocation times out
     * @param invokedFunctionArn the ARN the caller invoked, with its qualifier when it had one
     * @param tracing the X-Ray trace header of the invocation, when Lambda sent one
     */
    record Invoke(String requestId, long deadlineMs, String invokedFunctionArn, Optional<String> tracing)
            implements LifecycleEvent {
    }

    /**
     * The environment is shutting down.
     *
     * @param reason {@code spindown}, {@code timeout} or {@code failure}
     * @param deadlineMs epoch milliseconds by which the extension must have exited
     */
    record Shutdown(String reason, long deadlineMs) implements LifecycleEvent {
    }
}
