package io.lambdascope.extension.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AwsClientTest {

    @Test
    void namesTheErrorCodeOfEitherForm() {
        assertEquals("AccessDeniedException", AwsClient.errorCode(Optional.of("AccessDeniedException:http://internal.amazon.com/"), null, 403));
        assertEquals("ParameterNotFound", AwsClient.errorCode(Optional.empty(),
                new ObjectMapper().createObjectNode().put("__type", "com.amazonaws.ssm#ParameterNotFound").put("message", "p"), 400));
        assertEquals("ResourceNotFoundException", AwsClient.errorCode(Optional.empty(),
                new ObjectMapper().createObjectNode().put("Type", "User").put("code", "ResourceNotFoundException"), 404));
        assertEquals("HTTP502", AwsClient.errorCode(Optional.empty(), null, 502));
    }

    @Test
    void reachesTheRegionalEndpointUnlessTheEnvironmentOverridesIt() {
        assertEquals(URI.create("https://lambda.eu-west-1.amazonaws.com"), AwsService.LAMBDA.endpoint(Map.of(), "eu-west-1"));
        assertEquals(URI.create("https://ssm.cn-north-1.amazonaws.com.cn"), AwsService.SSM.endpoint(Map.of(), "cn-north-1"));
        assertEquals(URI.create("http://127.0.0.1:4566"), AwsService.LAMBDA.endpoint(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), "eu-west-1"));
        assertEquals(URI.create("http://lambda.local"), AwsService.LAMBDA.endpoint(
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_LAMBDA", "http://lambda.local"), "eu-west-1"));
    }
}
