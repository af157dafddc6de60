package io.lambdascope.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriptionTest {

    private static final String DESTINATION = "{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:4243/\"}";

    private static Subscription parse(String json) {
        return Subscription.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String schemaVersion, String destination, String types, String buffering) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"schemaVersion\":").append(schemaVersion);
        json.append(",\"destination\":").append(destination);
        json.append(",\"types\":").append(types);
        if (buffering != null) {
            json.append(",\"buffering\":").append(buffering);
        }
        return json.append('}').toString();
    }

    private static InvalidSubscriptionException refused(String json) {
        return assertThrows(InvalidSubscriptionException.class, () -> parse(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2022-07-01", "2022-12-13", "2025-01-29"})
    void acceptsEveryDocumentedSchemaVersion(String version) {
        Subscription subscription = parse(body("\"" + version + "\"", DESTINATION, "[\"platform\"]", null));
        assertEquals(version, subscription.schemaVersion());
    }

    @Test
    void fillsInDefaultBufferingAndDeliversTheSandboxHostToLoopback() {
        Subscription subscription = parse(body("\"2022-12-13\"", DESTINATION, "[\"platform\",\"function\",\"extension\"]", null));
        assertEquals(Buffering.DEFAULT, subscription.buffering());
        assertEquals(new Buffering(1_000, 262_144, 1_000), subscription.buffering());
        assertEquals(URI.create("http://127.0.0.1:4243/"), subscription.destination());
        assertEquals(List.of("platform", "function", "extension"), subscription.types());
    }

    @Test
    void keepsThePathAndAcceptsLoopbackLiterals() {
        String destination = "{\"protocol\":\"HTTP\",\"URI\":\"http://127.0.0.1:8080/lambda/telemetry\"}";
        Subscription subscription = parse(body("\"2022-07-01\"", destination, "[\"function\"]",
                "{\"maxItems\":10000,\"maxBytes\":1048576,\"timeoutMs\":25}"));
        assertEquals(URI.create("http://127.0.0.1:8080/lambda/telemetry"), subscription.destination());
        assertEquals(new Buffering(10_000, 1_048_576, 25), subscription.buffering());
    }

    @ParameterizedTest
    @CsvSource({
            "http://sandbox.localdomain:4243, http://127.0.0.1:4243/",
            "http://SANDBOX.localdomain:4243/, http://127.0.0.1:4243/",
            "http://localhost:4243, http://127.0.0.1:4243/",
            "http://127.0.0.1:4243, http://127.0.0.1:4243/",
            "http://127.1.2.3:4243/t, http://127.1.2.3:4243/t",
            "'http://[::1]:4243', 'http://[::1]:4243/'",
    })
    void deliversOnlyToLoopback(String requested, String delivered) {
        String destination = "{\"protocol\":\"HTTP\",\"URI\":\"" + requested + "\"}";
        assertEquals(URI.create(delivered), parse(body("\"2022-12-13\"", destination, "[\"platform\"]", null)).destination());
    }

    @ParameterizedTest(name = "fails when {0}")
    @CsvSource(delimiter = '|', value = {
            "schemaVersion is missing       | {\"destination\":" + DESTINATION + ",\"types\":[\"platform\"]}                          | schemaVersion",
            "schemaVersion is unknown       | {\"schemaVersion\":\"2021-01-01\",\"destination\":" + DESTINATION + ",\"types\":[\"platform\"]} | schemaVersion",
            "destination is missing         | {\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\"]}                      | destination",
            "types is missing               | {\"schemaVersion\":\"2022-12-13\",\"destination\":" + DESTINATION + "}           | types",
            "types is empty                 | {\"schemaVersion\":\"2022-12-13\",\"destination\":" + DESTINATION + ",\"types\":[]} | types",
            "types holds an unknown stream  | {\"schemaVersion\":\"2022-12-13\",\"destination\":" + DESTINATION + ",\"types\":[\"platform\",\"metrics\"]} | types",
            "types is not an array          | {\"schemaVersion\":\"2022-12-13\",\"destination\":" + DESTINATION + ",\"types\":\"platform\"} | types",
    })
    void failsWhenARequiredFieldIsBad(String description, String json, String field) {
        InvalidSubscriptionException e = refused(json);
        assertEquals("ValidationError", e.errorType());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @ParameterizedTest(name = "fails when destination is {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"protocol\":\"UDP\",\"URI\":\"http://sandbox.localdomain:4243\"}    | destination.protocol",
            "{\"protocol\":\"TCP\",\"URI\":\"http://sandbox.localdomain:4243\"}    | destination.protocol",
            "{\"URI\":\"http://sandbox.localdomain:4243\"}                        | destination.protocol",
            "{\"protocol\":\"HTTP\"}                                              | destination.URI",
            "{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain\"}         | destination.URI port",
            "{\"protocol\":\"HTTP\",\"URI\":\"ftp://sandbox.localdomain:21\"}       | destination.URI",
            "{\"protocol\":\"HTTP\",\"URI\":\"http://example.com:4243\"}            | destination.URI",
            "{\"protocol\":\"HTTP\",\"URI\":\"http://10.0.0.1:4243\"}               | destination.URI",
            "{\"protocol\":\"HTTP\",\"URI\":\"not a uri\"}                          | destination.URI",
    })
    void failsWhenTheDestinationIsBad(String destination, String field) {
        InvalidSubscriptionException e = refused(body("\"2022-12-13\"", destination, "[\"platform\"]", null));
        assertEquals("ValidationError", e.errorType());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @ParameterizedTest(name = "fails when buffering is {0}")
    @CsvSource(delimiter = '|', value = {
            "{\"maxItems\":999}          | buffering.maxItems",
            "{\"maxItems\":10001}        | buffering.maxItems",
            "{\"maxItems\":\"1000\"}     | buffering.maxItems",
            "{\"maxItems\":1000.5}       | buffering.maxItems",
            "{\"maxBytes\":262143}       | buffering.maxBytes",
            "{\"maxBytes\":1048577}      | buffering.maxBytes",
            "{\"timeoutMs\":24}          | buffering.timeoutMs",
            "{\"timeoutMs\":30001}       | buffering.timeoutMs",
            "[]                          | buffering",
    })
    void failsWhenBufferingIsOutOfRange(String buffering, String field) {
        InvalidSubscriptionException e = refused(body("\"2022-12-13\"", DESTINATION, "[\"platform\"]", buffering));
        assertEquals("ValidationError", e.errorType());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        InvalidSubscriptionException e = refused(body("\"2022-12-13\"",
                "{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain\"}", "[]", "{\"timeoutMs\":1}"));
        assertTrue(e.getMessage().contains("destination.URI port"), e.getMessage());
        assertTrue(e.getMessage().contains("types"), e.getMessage());
        assertTrue(e.getMessage().contains("buffering.timeoutMs"), e.getMessage());
    }

    @ParameterizedTest(name = "fails when the body is {0}")
    @ValueSource(strings = {"", "not json", "[]", "\"text\"", "{\"schemaVersion\":"})
    void failsWhenTheBodyIsNotAJsonObject(String json) {
        assertEquals("InvalidRequestFormat", refused(json).errorType());
    }
}
