package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.GeneralConfig;
import io.lambdascope.extension.config.LogLevel;
import io.lambdascope.extension.lifecycle.Registration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.lambdascope.extension.convert.Conversion.attributes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ResourcesTest {

    private static final Map<String, String> LAMBDA = Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_LAMBDA_FUNCTION_NAME", "orders",
            "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
            "AWS_LAMBDA_LOG_STREAM_NAME", "2024/06/01/[$LATEST]0123456789abcdef",
            "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/orders");
    private static final Registration REGISTRATION =
            new Registration("ext-id", "orders", "7", "index.handler", Optional.of("123456789012"));

    private static GeneralConfig general(String serviceName, Map<String, String> resourceAttributes) {
        return new GeneralConfig(serviceName, resourceAttributes, false, LogLevel.INFO, false);
    }

    @Test
    void describesTheFunctionAsTheSemanticConventionsSay() {
        Map<String, Object> attributes = attributes(Resources.resource(general("orders", Map.of()), LAMBDA, REGISTRATION, "1.2.3").getAttributesList());
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("service.name", "orders");
        expected.put("cloud.provider", "aws");
        expected.put("cloud.platform", "aws_lambda");
        expected.put("cloud.region", "eu-west-1");
        expected.put("cloud.account.id", "123456789012");
        expected.put("faas.name", "orders");
        expected.put("faas.version", "7");
        expected.put("faas.instance", "2024/06/01/[$LATEST]0123456789abcdef");
        expected.put("faas.max_memory", 512L * 1024 * 1024);
        expected.put("aws.log.group.names", List.of("/aws/lambda/orders"));
        expected.put("cloud.resource_id", "arn:aws:lambda:eu-west-1:123456789012:function:orders");
        expected.put("telemetry.sdk.name", "lambdascope");
        expected.put("telemetry.sdk.language", "java");
        expected.put("telemetry.sdk.version", "1.2.3");
        assertEquals(expected, attributes);
    }

    @Test
    void resourceAttributesFromTheEnvironmentWin() {
        Map<String, Object> attributes = attributes(Resources.resource(
                general("orders", Map.of("deployment.environment.name", "prod", "cloud.region", "custom")), LAMBDA, REGISTRATION, "1.2.3")
                .getAttributesList());
        assertEquals("prod", attributes.get("deployment.environment.name"));
        assertEquals("custom", attributes.get("cloud.region"));
    }

    @Test
    void serviceNameFromResourceAttributesReplacesOnlyTheFunctionNameDefault() {
        GeneralConfig general = general("orders", Map.of("service.name", "checkout"));
        assertEquals("checkout", attributes(Resources.resource(general, LAMBDA, REGISTRATION, "1.2.3").getAttributesList()).get("service.name"));

        Map<String, String> withServiceName = new java.util.HashMap<>(LAMBDA);
        withServiceName.put("OTEL_SERVICE_NAME", "orders-api");
        assertEquals("orders-api", attributes(Resources.resource(general("orders-api", Map.of("service.name", "checkout")),
                withServiceName, REGISTRATION, "1.2.3").getAttributesList()).get("service.name"));
    }

    @Test
    void whatIsUnknownIsLeftOut() {
        Registration noAccount = new Registration("ext-id", "orders", "$LATEST", "h", Optional.empty());
        Map<String, Object> attributes = attributes(Resources.resource(general("orders", Map.of()),
                Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "lots"), noAccount, "1.2.3").getAttributesList());
        assertFalse(attributes.containsKey("cloud.account.id"));
        assertFalse(attributes.containsKey("cloud.region"));
        assertFalse(attributes.containsKey("cloud.resource_id"));
        assertFalse(attributes.containsKey("faas.max_memory"));
        assertFalse(attributes.containsKey("aws.log.group.names"));
        assertEquals("orders", attributes.get("faas.name"));
    }
}
