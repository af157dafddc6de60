/**
 * Single AWS API calls: a request signed with Signature Version 4 and sent over the JDK's URL
 * connection, its JSON answer read as a tree, for the few calls the extension makes (Secrets
 * Manager's {@code GetSecretValue}, SSM's {@code GetParameter}, Lambda's {@code GetFunction} and
 * {@code ListTags}). Start with {@link io.lambdascope.extension.aws.AwsClient}.
 *
 * <p>{@code AwsClient} is the only class that names AWS SDK types. It is loaded only when a call is
 * made, on a background thread: the SDK's jars are on the class path only when the launcher saw
 * a setting that needs them.
 */
package io.lambdascope.extension.aws;
