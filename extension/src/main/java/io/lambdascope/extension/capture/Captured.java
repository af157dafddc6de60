package io.lambdascope.extension.capture;

/**
 * What {@link EventCapture#event} made of an event: an {@link InvocationSpan} waiting for the
 * function's answer, or {@link NotCaptured} with the reason.
 */
public sealed interface Captured permits InvocationSpan, Captured.NotCaptured {

    /**
     * An event that gives no span: capture is off, the event is not JSON, or its shape is not
     * one of the known triggers.
     *
     * @param reason why, for the extension's debug log
     */
    record NotCaptured(String reason) implements Captured {
    }
}
