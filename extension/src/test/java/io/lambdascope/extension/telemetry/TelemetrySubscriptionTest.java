package io.lambdascope.extension.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.config.TelemetryType;
import io.lambdascope.extension.fake.FakeLambda;
import io.lambdascope.extension.lifecycle.ExtensionsApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TelemetrySubscriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI DESTINATION = URI.create("http://sandbox.localdomain:4243");

    @Test
    void asksForTheConfiguredStreamsWithinLambdasLimits() throws Exception {
        TelemetrySubscription subscription = TelemetrySubscription.of(
                List.of(TelemetryType.PLATFORM, TelemetryType.FUNCTION), FlushStrategy.ADAPTIVE, DESTINATION);

        assertEquals(JSON.readTree("""
                {"schemaVersion":"2022-12-13","types":["platform","function"],
                 "buffering":{"maxItems":1000,"maxBytes":262144,"timeoutMs":25},
                 "destination":{"protocol":"HTTP","URI":"http://sandbox.localdomain:4243"}}"""), JSON.readTree(subscription.body()));
    }

    @Test
    void letsLambdaGatherEventsLongerOnlyWhenNoInvocationIsEverHeld() {
        assertEquals(25, TelemetrySubscription.of(List.of(TelemetryType.PLATFORM), FlushStrategy.END_OF_INVOCATION, DESTINATION).timeoutMs());
        assertEquals(25, TelemetrySubscription.of(List.of(TelemetryType.PLATFORM), FlushStrategy.PERIODIC, DESTINATION).timeoutMs());
        assertEquals(1000, TelemetrySubscription.of(List.of(TelemetryType.PLATFORM), FlushStrategy.CONTINUOUS, DESTINATION).timeoutMs());
    }

    @Test
    void subscribesWithTheExtensionIdentifier() throws Exception {
        try (FakeLambda lambda = new FakeLambda()) {
            ExtensionsApi api = ExtensionsApi.at(lambda.address());
            api.register("lambdascope");
            TelemetrySubscription subscription = TelemetrySubscription.of(List.of(TelemetryType.PLATFORM), FlushStrategy.ADAPTIVE, DESTINATION);

            subscription.subscribe(api.client(), api.extensionId().orElseThrow());

            FakeLambda.Call call = lambda.awaitCall(TelemetrySubscription.PATH);
            assertEquals("PUT", call.method());
            assertEquals(FakeLambda.EXTENSION_ID, call.header("Lambda-Extension-Identifier"));
            JsonNode body = JSON.readTree(call.body());
            assertEquals("2022-12-13", body.path("schemaVersion").asText());
        }
    }

    @Test
    void failsWhenLambdaRefusesTheSubscription() throws Exception {
        try (FakeLambda lambda = new FakeLambda()) {
            lambda.subscribeStatus(400);
            TelemetrySubscription subscription = TelemetrySubscription.of(List.of(TelemetryType.PLATFORM), FlushStrategy.ADAPTIVE, DESTINATION);
            ExtensionsApi api = ExtensionsApi.at(lambda.address());

            IOException failure = assertThrows(IOException.class,
                    () -> subscription.subscribe(api.client(), FakeLambda.EXTENSION_ID));
            assertEquals(true, failure.getMessage().contains("400"), failure.getMessage());
        }
    }
}
