package io.lambdascope.extension.pipeline;

import io.lambdascope.extension.proxy.ExchangeObserver;
import io.lambdascope.extension.receive.Intake;
import io.lambdascope.extension.lifecycle.LifecycleEvent;
import io.lambdascope.extension.telemetry.TelemetrySink;

/**
 * What the extension does at each lifecycle event: hold an invocation while its telemetry is
 * flushed, and flush everything at shutdown. Called from the thread that polls {@code event/next},
 * so the extension is not ready for the next event before a method returns.
 */
public interface Pipeline {

    /** Where the Telemetry API listener hands its batches. */
    TelemetrySink telemetry();

    /** What the Runtime API proxy tells of each exchange, for capture. */
    ExchangeObserver capture();

    /** Where the OTLP receiver hands what a function's SDK sent. */
    Intake received();

    /**
     * An invocation started; returns when the extension may ask for the next event.
     *
     * @param invoke the INVOKE event
     */
    void invoke(LifecycleEvent.Invoke invoke);

    /**
     * The environment is shutting down: wait for the last telemetry, stop receiving it, export
     * everything; returns before {@link LifecycleEvent.Shutdown#deadlineMs()}.
     *
     * @param shutdown the SHUTDOWN event
     * @param stopReceiving stops the listeners once every batch they accepted has been handed over
     */
    void shutdown(LifecycleEvent.Shutdown shutdown, Runnable stopReceiving);
}
