package io.lambdascope.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdascope.sandbox.http.HttpServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PUT /2022-07-01/telemetry} over the sandbox's own HTTP server, as an extension sends it. */
class SubscribeExchangeTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Listener listener;
    private TelemetryApi api;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        listener = new Listener();
        api = new TelemetryApi(InstantSource.system(), LogFormat.TEXT);
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> api.subscribe(exchange, "collector"));
    }

    @AfterEach
    void stop() {
        server.close();
        api.close();
        listener.close();
        client.shutdownNow();
    }

    private HttpResponse<String> put(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/2022-07-01/telemetry"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Lambda-Extension-Identifier", "2b3a2d4c-0000-4000-8000-000000000000")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersOkAndDeliversTheSubscriptionEvent() throws Exception {
        HttpResponse<String> response = put("{\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\",\"function\"],"
                + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":25},"
                + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"" + listener.uri() + "\"}}");
        assertEquals(200, response.statusCode());
        assertEquals("\"OK\"", response.body());
        Listener.Batch batch = listener.next();
        assertEquals(List.of("platform.telemetrySubscription"), batch.types());
        assertEquals("collector", batch.events().getFirst().get("record").get("name").asText());
        assertEquals(List.of("platform", "function"), api.report().getFirst().types());
    }

    @Test
    void answersBadRequestWithLambdasErrorNamingTheField() throws Exception {
        HttpResponse<String> response = put("{\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\"],"
                + "\"buffering\":{\"maxBytes\":1},"
                + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"" + listener.uri() + "\"}}");
        assertEquals(400, response.statusCode());
        JsonNode error = EventJson.MAPPER.readTree(response.body());
        assertEquals(List.of("errorMessage", "errorType"), fieldNames(error));
        assertEquals("ValidationError", error.get("errorType").asText());
        assertTrue(error.get("errorMessage").asText().contains("buffering.maxBytes"), error.toString());
        assertTrue(api.report().isEmpty());
        assertNull(listener.next(100, TimeUnit.MILLISECONDS), "a refused subscription received events");
    }

    @Test
    void answersBadRequestToABodyThatIsNotJson() throws Exception {
        HttpResponse<String> response = put("schemaVersion=2022-12-13");
        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequestFormat", EventJson.MAPPER.readTree(response.body()).get("errorType").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
