/**
 * Spans made from what the Runtime API proxy sees: an invocation's event and the function's
 * response or error. Start with {@link io.lambdascope.extension.capture.EventCapture}; each trigger
 * family is read by its own class ({@code HttpEvents}, {@code Messaging}, {@code DataSources}),
 * after {@code EventClassifier} told which one the event is, and {@code Redaction} decides what
 * never leaves the function.
 */
package io.lambdascope.extension.capture;
