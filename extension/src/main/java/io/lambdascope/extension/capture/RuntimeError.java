package io.lambdascope.extension.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's error as its runtime reported it to {@code /error} (or in a streamed answer's
 * trailers): the type from the {@code Lambda-Runtime-Function-Error-Type} header, and the message
 * and stack trace from the body, which every AWS runtime writes as
 * {@code {"errorMessage":…,"errorType":…,"stackTrace":[…]}}.
 *
 * @param type the error type; {@code Unhandled} when the runtime named none
 * @param message the message; the body's text when it is not such a document
 * @param stackTrace the frames, one per line; empty when the runtime sent none
 */
public record RuntimeError(String type, String message, String stackTrace) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads an error body. The body may have been cut at the capture's cap: whatever was read
     * before the cut is kept, so a long stack trace still leaves the message and its first frames.
     *
     * @param type the error type header's value, or null
     * @param body the body's bytes, possibly truncated
     * @return the error
     */
    public static RuntimeError read(String type, byte[] body) {
        String named = type == null || type.isBlank() ? null : type;
        String message = null;
        String bodyType = null;
        List<String> frames = new ArrayList<>();
        boolean document = false;
        try (JsonParser parser = JSON.createParser(body)) {
            document = parser.nextToken() == JsonToken.START_OBJECT;
            while (document && parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "errorMessage" -> message = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "errorType" -> bodyType = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "stackTrace" -> frames(parser, value, frames);
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON, or cut at the cap: what was read so far stands.
        }
        if (!document) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        return new RuntimeError(named != null ? named : bodyType != null ? bodyType : "Unhandled",
                message == null ? "" : message, String.join("\n", frames));
    }

    /** Frames are strings in Node.js, Java and .NET, and lists of strings in Python. */
    private static void frames(JsonParser parser, JsonToken value, List<String> frames) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY && token != null; token = parser.nextToken()) {
            if (token == JsonToken.VALUE_STRING) {
                frames.add(parser.getText().stripTrailing());
            } else if (token == JsonToken.START_ARRAY) {
                List<String> parts = new ArrayList<>();
                for (JsonToken part = parser.nextToken(); part != JsonToken.END_ARRAY && part != null; part = parser.nextToken()) {
                    parts.add(parser.getText());
                }
                frames.add(String.join(" ", parts));
            } else {
                parser.skipChildren();
            }
        }
    }
}
