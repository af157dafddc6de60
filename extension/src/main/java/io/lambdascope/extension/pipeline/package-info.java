/**
 * What happens at each invocation and at shutdown; start with
 * {@link io.lambdascope.extension.pipeline.Pipeline}.
 */
package io.lambdascope.extension.pipeline;
