package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.GeneralConfig;
import io.lambdascope.extension.lifecycle.Registration;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenTelemetry resource of everything the extension exports: the function, as the FaaS and
 * cloud semantic conventions describe it, from the environment Lambda sets and what it answered to
 * register.
 */
public final class Resources {

    private Resources() {
    }

    /**
     * The resource. {@code OTEL_RESOURCE_ATTRIBUTES} wins over what is detected, as a user's own
     * value does everywhere, except for {@code service.name}: that is the configured service name,
     * and the {@code service.name} of {@code OTEL_RESOURCE_ATTRIBUTES} only replaces the function
     * name the configuration falls back to when neither {@code LAMBDASCOPE_SERVICE_NAME} nor
     * {@code OTEL_SERVICE_NAME} is set (OpenTelemetry's own order of precedence).
     *
     * @param general the configuration's service name and resource attributes
     * @param environment the process environment
     * @param registration what Lambda answered to register
     * @return the resource
     */
    public static Resource resource(GeneralConfig general, Map<String, String> environment, Registration registration,
                                    String version) {
        Map<String, AnyValue> attributes = new LinkedHashMap<>();
        String serviceName = general.serviceName();
        String fromAttributes = general.resourceAttributes().get("service.name");
        if (fromAttributes != null && !fromAttributes.isBlank()
                && blank(environment.get("LAMBDASCOPE_SERVICE_NAME")) && blank(environment.get("OTEL_SERVICE_NAME"))) {
            serviceName = fromAttributes;
        }
        put(attributes, "service.name", serviceName);
        put(attributes, "cloud.provider", "aws");
        put(attributes, "cloud.platform", "aws_lambda");
        String region = nonBlank(environment.get("AWS_REGION"));
        put(attributes, "cloud.region", region);
        registration.accountId().filter(id -> !id.isBlank()).ifPresent(id -> put(attributes, "cloud.account.id", id));
        String functionName = nonBlank(registration.functionName()) != null
                ? registration.functionName() : nonBlank(environment.get("AWS_LAMBDA_FUNCTION_NAME"));
        put(attributes, "faas.name", functionName);
        put(attributes, "faas.version", nonBlank(registration.functionVersion()) != null
                ? registration.functionVersion() : nonBlank(environment.get("AWS_LAMBDA_FUNCTION_VERSION")));
        put(attributes, "faas.instance", nonBlank(environment.get("AWS_LAMBDA_LOG_STREAM_NAME")));
        String memory = nonBlank(environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        if (memory != null) {
            try {
                long megabytes = Long.parseLong(memory);
                if (megabytes > 0) {
                    attributes.put("faas.max_memory", AnyValue.newBuilder().setIntValue(megabytes * 1024 * 1024).build());
                }
            } catch (NumberFormatException e) {
                // Lambda always sets a number; anything else leaves the attribute out.
            }
        }
        String logGroup = nonBlank(environment.get("AWS_LAMBDA_LOG_GROUP_NAME"));
        if (logGroup != null) {
            attributes.put("aws.log.group.names", AnyValue.newBuilder()
                    .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue(logGroup))).build());
        }
        if (region != null && functionName != null && registration.accountId().filter(id -> !id.isBlank()).isPresent()) {
            put(attributes, "cloud.resource_id", "arn:aws:lambda:" + region + ":" + registration.accountId().get()
                    + ":function:" + functionName);
        }
        put(attributes, "telemetry.sdk.name", "lambdascope");
        put(attributes, "telemetry.sdk.language", "java");
        put(attributes, "telemetry.sdk.version", version);
        for (Map.Entry<String, String> entry : general.resourceAttributes().entrySet()) {
            if (!entry.getKey().equals("service.name")) {
                put(attributes, entry.getKey(), entry.getValue());
            }
        }
        Resource.Builder resource = Resource.newBuilder();
        attributes.forEach((key, value) -> resource.addAttributes(KeyValue.newBuilder().setKey(key).setValue(value)));
        return resource.build();
    }

    private static void put(Map<String, AnyValue> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, AnyValue.newBuilder().setStringValue(value).build());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String nonBlank(String value) {
        return blank(value) ? null : value.trim();
    }
}
