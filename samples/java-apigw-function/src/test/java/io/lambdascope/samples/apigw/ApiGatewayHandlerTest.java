package io.lambdascope.samples.apigw;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ApiGatewayHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ApiGatewayHandler handler = new ApiGatewayHandler();

    @Test
    void answersJsonDescribingTheRequest() throws IOException {
        APIGatewayProxyRequestEvent event;
        try (InputStream in = getClass().getResourceAsStream("/events/get-orders.json")) {
            event = JSON.readValue(in, APIGatewayProxyRequestEvent.class);
        }
        FakeContext context = new FakeContext("8476a536-e9f4-11e8-9739-2dfe598c3fcd");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

        assertEquals(200, response.getStatusCode());
        assertEquals(Map.of("content-type", "application/json"), response.getHeaders());
        assertEquals(false, response.getIsBase64Encoded());
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals("GET", body.get("method").asText());
        assertEquals("/orders/42", body.get("path").asText());
        assertEquals("8476a536-e9f4-11e8-9739-2dfe598c3fcd", body.get("requestId").asText());
        assertEquals("hello from java-apigw-function", body.get("message").asText());
        assertTrue(body.get("coldStart").isBoolean());
        assertTrue(context.logged().contains("received GET /orders/42\n"), context.logged().toString());
        assertTrue(context.logged().stream().anyMatch(line -> line.startsWith("request id 8476a536-")),
                context.logged().toString());
    }

    @Test
    void onlyTheFirstInvocationOfAnEnvironmentIsCold() throws IOException {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath("/");
        handler.handleRequest(event, new FakeContext("first"));

        APIGatewayProxyResponseEvent second = handler.handleRequest(event, new FakeContext("second"));

        assertFalse(JSON.readTree(second.getBody()).get("coldStart").asBoolean());
    }

    @Test
    void copesWithAnEventWithoutMethodOrPath() throws IOException {
        APIGatewayProxyResponseEvent response =
                handler.handleRequest(new APIGatewayProxyRequestEvent(), new FakeContext("empty"));

        JsonNode body = JSON.readTree(response.getBody());
        assertEquals("GET", body.get("method").asText());
        assertEquals("/", body.get("path").asText());
    }

    @TestFactory
    Stream<DynamicTest> answersEveryRecordedRestApiEvent() throws IOException {
        Path events = Path.of(System.getProperty("lambdascope.fixtures", "../shared/fixtures"), "events");
        assumeTrue(Files.isDirectory(events), "no shared fixtures at " + events + ": corpus check skipped");
        List<Path> requests;
        try (Stream<Path> files = Files.list(events)) {
            // apigw-v1-response-* are responses, not events a function receives.
            requests = files.filter(file -> file.getFileName().toString().matches("apigw-v1-rest-proxy-.*\\.json"))
                    .sorted()
                    .toList();
        }
        assumeTrue(!requests.isEmpty(), "no apigw-v1-rest-proxy-*.json in " + events + ": corpus check skipped");
        return requests.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            APIGatewayProxyRequestEvent event = JSON.readValue(file.toFile(), APIGatewayProxyRequestEvent.class);
            FakeContext context = new FakeContext("req-" + file.getFileName());

            APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);

            assertEquals(200, response.getStatusCode());
            JsonNode body = JSON.readTree(response.getBody());
            assertEquals(event.getHttpMethod(), body.get("method").asText());
            assertEquals(event.getPath(), body.get("path").asText());
            assertEquals(context.getAwsRequestId(), body.get("requestId").asText());
        }));
    }
}
