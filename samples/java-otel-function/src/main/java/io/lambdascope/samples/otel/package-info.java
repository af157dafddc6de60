/**
 * A sample Java function that exports its own traces, metrics and logs with the OpenTelemetry Java
 * SDK, started by the AWS Lambda Java runtime interface client. Start with
 * {@link io.lambdascope.samples.otel.OrderHandler}; {@link io.lambdascope.samples.otel.FunctionTelemetry}
 * configures the SDK and flushes it at the end of each invocation.
 */
package io.lambdascope.samples.otel;
