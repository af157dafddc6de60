/**
 * The extension's configuration: every environment variable is declared once in
 * {@link io.lambdascope.extension.config.Settings}, read into the immutable
 * {@link io.lambdascope.extension.config.Configuration} and documented by
 * {@link io.lambdascope.extension.config.ConfigurationTable}. Start with {@code Configuration.from}.
 */
package io.lambdascope.extension.config;
