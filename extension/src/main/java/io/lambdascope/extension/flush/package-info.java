/**
 * Flush: when buffered telemetry leaves and how long an invocation may wait for it. The
 * {@link io.lambdascope.extension.flush.FlushPolicy} picks a mode per invocation, the
 * {@link io.lambdascope.extension.flush.InvocationTracker} anchors the overhead budget at the
 * runtime's end, the {@link io.lambdascope.extension.flush.Flusher} is the export thread, and the
 * circuit breaker stops invocations waiting on a backend that keeps failing.
 */
package io.lambdascope.extension.flush;
