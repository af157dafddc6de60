package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.KeyValues;
import io.lambdascope.extension.convert.RecordFields;
import io.lambdascope.extension.json.JsonValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a function answered to an HTTP request: the status code, the headers and the body of the
 * response object it returned.
 */
final class HttpResponses {

    /**
     * A read response.
     *
     * @param attributes the {@code http.response.*} attributes
     * @param statusCode the status code, when the response had one
     */
    record Response(List<KeyValue> attributes, OptionalInt statusCode) {
    }

    private final Redaction redaction;
    private final Bodies bodies;

    HttpResponses(Redaction redaction, Bodies bodies) {
        this.redaction = redaction;
        this.bodies = bodies;
    }

    /**
     * Reads a response. HTTP APIs and function URLs take anything that is not an object with a
     * {@code statusCode} as a 200 whose body is that JSON; REST APIs and load balancers call such a
     * response malformed, and the span then has no status code.
     *
     * @param trigger the request's trigger
     * @param body the bytes the function posted to {@code /response}
     * @return the attributes and status code
     */
    Response read(Trigger trigger, byte[] body) {
        boolean v2 = trigger == Trigger.API_GATEWAY_HTTP || trigger == Trigger.FUNCTION_URL;
        JsonValue response = parse(body);
        List<KeyValue> attributes = new ArrayList<>();
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            if (!v2) {
                return new Response(attributes, OptionalInt.empty());
            }
            attributes.add(KeyValues.integer("http.response.status_code", 200));
            attributes.addAll(bodies.attributes("http.response", new String(body, StandardCharsets.UTF_8), false));
            return new Response(attributes, OptionalInt.of(200));
        }
        double code = RecordFields.number(response, "statusCode");
        OptionalInt status = Double.isNaN(code) ? OptionalInt.empty() : OptionalInt.of((int) code);
        status.ifPresent(value -> attributes.add(KeyValues.integer("http.response.status_code", value)));
        Map<String, List<String>> headers = Headers.read(response.get("headers"), response.get("multiValueHeaders"));
        JsonValue cookies = response.get("cookies");
        if (cookies != null && cookies.isArray()) {
            // HTTP APIs and function URLs send each of these as a Set-Cookie header.
            List<String> setCookie = headers.computeIfAbsent("set-cookie", name -> new ArrayList<>());
            cookies.forEach(cookie -> setCookie.add(cookie.asText()));
            headers.values().removeIf(List::isEmpty);
        }
        headers.forEach((name, values) ->
                attributes.add(KeyValues.strings("http.response.header." + name, redaction.headerValues(name, values))));
        JsonValue base64 = response.get("isBase64Encoded");
        attributes.addAll(bodies.attributes("http.response", response.get("body"), base64 != null && base64.asBoolean()));
        return new Response(attributes, status);
    }

    private JsonValue parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JsonValue.parse(body);
        } catch (IOException e) {
            return null;
        }
    }
}
