package io.lambdascope.extension.aws;

import io.lambdascope.extension.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AwsClientTest {

    @Test
    void namesTheErrorCodeOfEitherForm() throws IOException {
        assertEquals("AccessDeniedException", AwsClient.errorCode(Optional.of("AccessDeniedException:http://internal.amazon.com/"), null, 403));
        assertEquals("ParameterNotFound", AwsClient.errorCode(Optional.empty(),
                JsonValue.parse("{\"__type\":\"com.amazonaws.ssm#ParameterNotFound\",\"message\":\"p\"}"), 400));
        assertEquals("ResourceNotFoundException", AwsClient.errorCode(Optional.empty(),
                JsonValue.parse("{\"Type\":\"User\",\"code\":\"ResourceNotFoundException\"}"), 404));
        assertEquals("HTTP502", AwsClient.errorCode(Optional.empty(), null, 502));
    }

    @Test
    void writesTheRequestAsCompactJsonInUtf8() {
        byte[] body = AwsClient.request(json -> {
            json.writeStringField("Name", "/app/\u00e9/\"q\"/\ud83d\ude00");
            json.writeBooleanField("WithDecryption", true);
        });
        assertEquals("{\"Name\":\"/app/\u00e9/\\\"q\\\"/\ud83d\ude00\",\"WithDecryption\":true}", new String(body, StandardCharsets.UTF_8),
                "an emoji is written as its UTF-8 bytes, not escaped, as the text of Jackson's tree was");
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
