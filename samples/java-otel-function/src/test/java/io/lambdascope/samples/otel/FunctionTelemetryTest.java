package io.lambdascope.samples.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FunctionTelemetryTest {

    private static final Map<String, String> LAMBDA = Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_LAMBDA_FUNCTION_NAME", "orders",
            "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
            "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/orders",
            "AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/23/[$LATEST]0123456789abcdef");

    @Test
    void describesTheFunctionFromLambdasEnvironment() {
        Resource resource = FunctionTelemetry.withLambda(Resource.getDefault(), LAMBDA);

        assertEquals("orders", resource.getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("aws", resource.getAttribute(AttributeKey.stringKey("cloud.provider")));
        assertEquals("aws_lambda", resource.getAttribute(AttributeKey.stringKey("cloud.platform")));
        assertEquals("eu-west-1", resource.getAttribute(AttributeKey.stringKey("cloud.region")));
        assertEquals("orders", resource.getAttribute(AttributeKey.stringKey("faas.name")));
        assertEquals("$LATEST", resource.getAttribute(AttributeKey.stringKey("faas.version")));
        assertEquals("2026/11/23/[$LATEST]0123456789abcdef", resource.getAttribute(AttributeKey.stringKey("faas.instance")));
        assertEquals(512L * 1024 * 1024, resource.getAttribute(AttributeKey.longKey("faas.max_memory")));
        assertEquals(List.of("/aws/lambda/orders"), resource.getAttribute(AttributeKey.stringArrayKey("aws.log.group.names")));
        // What the SDK itself describes stays.
        assertEquals("java", resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.language")));
    }

    @Test
    void whatTheUserConfiguredWins() {
        Resource configured = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "checkout",
                AttributeKey.stringKey("cloud.region"), "us-east-2")));

        Resource resource = FunctionTelemetry.withLambda(configured, LAMBDA);

        assertEquals("checkout", resource.getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("us-east-2", resource.getAttribute(AttributeKey.stringKey("cloud.region")));
        assertEquals("orders", resource.getAttribute(AttributeKey.stringKey("faas.name")));
    }

    @Test
    void outsideLambdaOnlyTheCloudIsKnown() {
        Resource resource = FunctionTelemetry.withLambda(Resource.getDefault(), Map.of());

        assertEquals("unknown_service:java", resource.getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("aws_lambda", resource.getAttribute(AttributeKey.stringKey("cloud.platform")));
        assertNull(resource.getAttribute(AttributeKey.stringKey("faas.name")));
        assertNull(resource.getAttribute(AttributeKey.longKey("faas.max_memory")));
    }
}
