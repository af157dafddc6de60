package io.lambdascope.extension.telemetry;

import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.config.TelemetryType;

import io.lambdascope.extension.lifecycle.ApiJson;
import io.lambdascope.extension.lifecycle.ExtensionsApi;
import io.lambdascope.extension.lifecycle.LambdaApiClient;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The Telemetry API subscription: which streams, how Lambda buffers them, where it sends them.
 *
 * @param types the streams
 * @param timeoutMs most time Lambda buffers a batch (25 to 30000)
 * @param maxItems most events in a batch (1000 to 10000)
 * @param maxBytes most bytes in a batch (262144 to 1048576)
 * @param destination the listener's URI
 */
public record TelemetrySubscription(List<TelemetryType> types, int timeoutMs, int maxItems, int maxBytes, URI destination) {

    /** The schema of the events; 2022-12-13 is the first with the fields the conversion reads. */
    public static final String SCHEMA_VERSION = "2022-12-13";
    /** The API path, relative to {@code AWS_LAMBDA_RUNTIME_API}. */
    public static final String PATH = "/2022-07-01/telemetry";

    /**
     * The subscription for a flush strategy. Strategies that may hold an invocation need its
     * events at once: the overhead budget runs from the runtime's end, which the extension learns
     * from {@code platform.runtimeDone}, and the smallest timeout Lambda accepts (25 ms) delivers it
     * while the invocation is still open. Continuous flushing never holds one and lets Lambda
     * gather events for a second. Item and byte limits are Lambda's minimums, which keep
     * each batch small next to the extension's heap.
     *
     * @param types the streams
     * @param flush the flush strategy
     * @param destination the listener's URI
     * @return the subscription
     */
    public static TelemetrySubscription of(List<TelemetryType> types, FlushStrategy flush, URI destination) {
        int timeoutMs = switch (flush) {
            case ADAPTIVE, END_OF_INVOCATION, PERIODIC -> 25;
            case CONTINUOUS -> 1000;
        };
        return new TelemetrySubscription(List.copyOf(types), timeoutMs, 1000, 262_144, destination);
    }

    /** The request body. */
    public String body() {
        return ApiJson.write(json -> {
            json.writeStringField("schemaVersion", SCHEMA_VERSION);
            json.writeArrayFieldStart("types");
            for (TelemetryType type : types) {
                json.writeString(type.text());
            }
            json.writeEndArray();
            json.writeObjectFieldStart("buffering");
            json.writeNumberField("maxItems", maxItems);
            json.writeNumberField("maxBytes", maxBytes);
            json.writeNumberField("timeoutMs", timeoutMs);
            json.writeEndObject();
            json.writeObjectFieldStart("destination");
            json.writeStringField("protocol", "HTTP");
            json.writeStringField("URI", destination.toString());
            json.writeEndObject();
        });
    }

    /**
     * Subscribes.
     *
     * @param client the client of Lambda's APIs
     * @param extensionId the identifier from register
     * @throws IOException when Lambda refuses the subscription or cannot be reached
     */
    public void subscribe(LambdaApiClient client, String extensionId) throws IOException {
        LambdaApiClient.Answer answer = client.send("PUT", PATH, Map.of(ExtensionsApi.IDENTIFIER_HEADER, extensionId), body());
        if (answer.status() / 100 != 2) {
            throw new IOException("the Telemetry API refused the subscription (%d): %s".formatted(answer.status(), answer.body()));
        }
    }
}
