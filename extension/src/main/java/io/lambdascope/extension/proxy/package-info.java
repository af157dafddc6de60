/**
 * Capture's first stage: the Runtime API proxy between the function's runtime and Lambda, which
 * relays every exchange unchanged and hands a bounded copy of events and responses to capture.
 * Start with {@link io.lambdascope.extension.proxy.RuntimeApiProxy}.
 */
package io.lambdascope.extension.proxy;
