/**
 * The sandbox's embedded OTLP/HTTP sink: it shows what the extension exported. Start with
 * {@link io.lambdascope.sandbox.sink.OtlpSink}; {@link io.lambdascope.sandbox.sink.Fault} makes it
 * misbehave the ways a real collector does, so that retries and timeouts can be exercised.
 */
package io.lambdascope.sandbox.sink;
