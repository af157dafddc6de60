/**
 * Export headers kept in AWS Secrets Manager or SSM Parameter Store
 * ({@code LAMBDASCOPE_EXPORT_HEADERS_SECRET}): the reference, the forms a value may take, and the
 * cached, refreshable copy the exporter reads. Start with {@link io.lambdascope.extension.secret.ExportSecret}.
 *
 * <p>The services are called through {@link io.lambdascope.extension.aws.AwsClient}, made only
 * when a secret is configured, on the reading thread: the SDK's jars are on the class path only then.
 */
package io.lambdascope.extension.secret;
