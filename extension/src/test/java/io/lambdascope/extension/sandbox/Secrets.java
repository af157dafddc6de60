package io.lambdascope.extension.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdascope.extension.config.RedactionConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What must never leave the function, read from an HTTP event or answer with the extension's
 * default redaction and {@code LAMBDASCOPE_REDACT_QUERY=query}, bodies off: the values of the
 * credential headers, cookies, the {@code query} parameter's values, and the bodies. Values too
 * short to be told apart from other text are left out, and so are placeholders that are part of a
 * redacted header's name (the name is recorded, as an attribute key, by design).
 */
final class Secrets {

    static final String REDACTED = "REDACTED";
    private static final int SHORTEST = 8;

    private Secrets() {
    }

    static List<String> ofRequest(JsonNode event) {
        List<String> secrets = new ArrayList<>();
        headers(event, RedactionConfig.ALWAYS_REDACTED_HEADERS, secrets);
        event.path("cookies").forEach(cookie -> add(cookie.asText(), secrets));
        event.path("queryStringParameters").path("query").forEach(value -> add(value.asText(), secrets));
        add(event.path("queryStringParameters").path("query").asText(), secrets);
        event.path("multiValueQueryStringParameters").path("query").forEach(value -> add(value.asText(), secrets));
        body(event, secrets);
        return secrets;
    }

    static List<String> ofAnswer(JsonNode answer) {
        List<String> secrets = new ArrayList<>();
        headers(answer, List.of("set-cookie"), secrets);
        answer.path("cookies").forEach(cookie -> add(cookie.asText(), secrets));
        body(answer, secrets);
        return secrets;
    }

    private static void headers(JsonNode message, List<String> redacted, List<String> secrets) {
        for (String field : List.of("headers", "multiValueHeaders")) {
            message.path(field).properties().forEach(header -> {
                if (redacted.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    if (header.getValue().isArray()) {
                        header.getValue().forEach(value -> add(value.asText(), secrets));
                    } else {
                        add(header.getValue().asText(), secrets);
                    }
                }
            });
        }
    }

    private static void body(JsonNode message, List<String> secrets) {
        String body = message.path("body").asText("");
        if (message.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        add(body, secrets);
    }

    private static void add(String value, List<String> secrets) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (value.length() >= SHORTEST && RedactionConfig.ALWAYS_REDACTED_HEADERS.stream().noneMatch(name -> name.contains(lower))) {
            secrets.add(value);
        }
    }
}
