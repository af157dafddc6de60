package io.lambdascope.extension.config;

import java.util.Map;

/**
 * Identity and behaviour of the extension as a whole.
 *
 * @param serviceName {@code service.name}
 * @param resourceAttributes attributes from {@code OTEL_RESOURCE_ATTRIBUTES}
 * @param tags whether function tags are added to the resource
 * @param logLevel the extension's own log level
 * @param disabled whether the extension steps aside
 */
public record GeneralConfig(String serviceName, Map<String, String> resourceAttributes, boolean tags,
                            LogLevel logLevel, boolean disabled) {
}
