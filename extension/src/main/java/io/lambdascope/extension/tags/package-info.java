/**
 * The function's tags as resource attributes ({@code LAMBDASCOPE_TAGS}): the function's ARN, the
 * Lambda calls that read its tags, and the copy fetched once in the background that exports wait
 * for. Start with {@link io.lambdascope.extension.tags.FunctionTags}.
 */
package io.lambdascope.extension.tags;
