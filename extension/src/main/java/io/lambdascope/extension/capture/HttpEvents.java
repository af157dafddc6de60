package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.RecordFields;
import io.lambdascope.extension.json.JsonValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP requests as API Gateway (REST, HTTP and WebSocket APIs), Application Load Balancers and
 * function URLs deliver them, read into the attributes of an HTTP server span. Each service puts
 * the same facts in different fields; this class knows where.
 */
final class HttpEvents {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private final Redaction redaction;
    private final Bodies bodies;

    HttpEvents(Redaction redaction, Bodies bodies) {
        this.redaction = redaction;
        this.bodies = bodies;
    }

    /**
     * The span of one request.
     *
     * @param trigger an HTTP trigger or {@link Trigger#API_GATEWAY_AUTHORIZER}
     * @param event the event
     * @return the draft
     */
    SpanDraft request(Trigger trigger, JsonValue event) {
        JsonValue context = event.path("requestContext");
        boolean v2 = trigger == Trigger.API_GATEWAY_HTTP || trigger == Trigger.FUNCTION_URL
                || (trigger == Trigger.API_GATEWAY_AUTHORIZER && context.path("http").has("method"));
        String method = v2 ? RecordFields.text(context.path("http"), "method") : RecordFields.text(event, "httpMethod");
        String path = v2 ? firstOf(RecordFields.text(event, "rawPath"), RecordFields.text(context.path("http"), "path"))
                : RecordFields.text(event, "path");
        String route = route(trigger, event, context);
        SpanDraft draft = new SpanDraft(trigger, "");
        String knownMethod = method == null ? null : method.toUpperCase(Locale.ROOT);
        if (knownMethod != null && !METHODS.contains(knownMethod)) {
            draft.put("http.request.method_original", method);
            knownMethod = "_OTHER";
        }
        draft.put("http.request.method", knownMethod);
        draft.put("url.path", path);
        draft.put("http.route", route);
        draft.name(spanName(trigger, event, knownMethod, route, context));
        if (trigger == Trigger.API_GATEWAY_AUTHORIZER) {
            // The request's headers and query are what the authorizer is asked to judge: credentials.
            draft.put("aws.apigateway.authorizer.type", RecordFields.text(event, "type"));
            return draft;
        }
        Map<String, List<String>> headers = Headers.read(event.get("headers"), event.get("multiValueHeaders"));
        JsonValue cookies = event.get("cookies");
        if (cookies != null && cookies.isArray() && !cookies.isEmpty() && !headers.containsKey("cookie")) {
            List<String> values = new ArrayList<>();
            for (JsonValue cookie : cookies) {
                values.add(cookie.asText());
            }
            headers.put("cookie", values);
        }
        String query = v2 ? RecordFields.text(event, "rawQueryString") : query(event);
        if (query != null && !query.isEmpty()) {
            draft.put("url.query", redaction.query(query));
        }
        draft.put("url.scheme", firstOf(Headers.first(headers, "x-forwarded-proto"), trigger == Trigger.ALB ? null : "https"));
        String domain = RecordFields.nonEmpty(context, "domainName");
        draft.put("server.address", firstOf(domain, Headers.first(headers, "host")));
        String sourceIp = v2 ? RecordFields.text(context.path("http"), "sourceIp") : RecordFields.text(context.path("identity"), "sourceIp");
        draft.put("client.address", firstOf(sourceIp, firstForwarded(Headers.first(headers, "x-forwarded-for"))));
        String userAgent = v2 ? RecordFields.text(context.path("http"), "userAgent") : RecordFields.text(context.path("identity"), "userAgent");
        draft.put("user_agent.original", firstOf(Headers.first(headers, "user-agent"), userAgent));
        draft.put("network.protocol.version", protocolVersion(v2 ? RecordFields.text(context.path("http"), "protocol")
                : RecordFields.text(context, "protocol")));
        if (trigger == Trigger.API_GATEWAY_WEBSOCKET) {
            draft.put("aws.apigateway.websocket.route_key", RecordFields.text(context, "routeKey"));
            draft.put("aws.apigateway.websocket.event_type", RecordFields.text(context, "eventType"));
        }
        // Loops, not lambdas: a lambda the AOT cache's training did not resolve is spun at the
        // first invocation that reaches it.
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            draft.put("http.request.header." + header.getKey(), redaction.headerValues(header.getKey(), header.getValue()));
        }
        JsonValue base64 = event.get("isBase64Encoded");
        for (KeyValue attribute : bodies.attributes("http.request", event.get("body"), base64 != null && base64.asBoolean())) {
            draft.put(attribute);
        }
        draft.parent(callerContext(headers));
        return draft;
    }

    /** The caller's context: a W3C {@code traceparent} first, as the standard, else an X-Ray header naming its parent. */
    static Optional<RemoteParent> callerContext(Map<String, List<String>> headers) {
        Optional<RemoteParent> w3c = RemoteParent.traceparent(Headers.first(headers, "traceparent"));
        return w3c.isPresent() ? w3c : RemoteParent.xray(Headers.first(headers, "x-amzn-trace-id"));
    }

    private static String route(Trigger trigger, JsonValue event, JsonValue context) {
        return switch (trigger) {
            case API_GATEWAY_REST -> firstOf(RecordFields.nonEmpty(event, "resource"), RecordFields.nonEmpty(context, "resourcePath"));
            case API_GATEWAY_HTTP -> routeOfKey(firstOf(RecordFields.text(event, "routeKey"), RecordFields.text(context, "routeKey")));
            case API_GATEWAY_AUTHORIZER -> firstOf(RecordFields.nonEmpty(event, "resource"), routeOfKey(RecordFields.text(event, "routeKey")));
            default -> null;
        };
    }

    /** {@code POST /items/{id}} names the route {@code /items/{id}}; {@code $default} names none. */
    private static String routeOfKey(String routeKey) {
        if (routeKey == null) {
            return null;
        }
        int space = routeKey.indexOf(' ');
        return space >= 0 ? routeKey.substring(space + 1) : null;
    }

    private static String spanName(Trigger trigger, JsonValue event, String method, String route, JsonValue context) {
        if (trigger == Trigger.API_GATEWAY_WEBSOCKET) {
            return "WebSocket " + firstOf(RecordFields.text(context, "routeKey"), "$default");
        }
        if (trigger == Trigger.API_GATEWAY_AUTHORIZER) {
            return firstOf(RecordFields.text(event, "type"), "REQUEST") + " authorizer";
        }
        String base = method == null || method.equals("_OTHER") ? "HTTP" : method;
        return route == null ? base : base + " " + route;
    }

    /** REST and ALB events hold the query decoded, as a map; it is written back as {@code name=value&...}. */
    private static String query(JsonValue event) {
        JsonValue multi = event.get("multiValueQueryStringParameters");
        JsonValue single = event.get("queryStringParameters");
        JsonValue parameters = multi != null && multi.isObject() ? multi : single;
        if (parameters == null || !parameters.isObject()) {
            return null;
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, JsonValue> field : parameters.fields()) {
            // An array's elements, or the value itself: iterating a value that is not an array or object yields nothing.
            Iterable<JsonValue> values = field.getValue().isArray() ? field.getValue() : List.of(field.getValue());
            for (JsonValue value : values) {
                if (!query.isEmpty()) {
                    query.append('&');
                }
                query.append(field.getKey()).append('=').append(value.isNull() ? "" : value.asText());
            }
        }
        return query.toString();
    }

    private static String firstForwarded(String forwardedFor) {
        if (forwardedFor == null) {
            return null;
        }
        int comma = forwardedFor.indexOf(',');
        return (comma < 0 ? forwardedFor : forwardedFor.substring(0, comma)).trim();
    }

    /** {@code HTTP/1.1} is version {@code 1.1}. */
    private static String protocolVersion(String protocol) {
        if (protocol == null) {
            return null;
        }
        int slash = protocol.indexOf('/');
        return slash >= 0 ? protocol.substring(slash + 1) : protocol;
    }

    static String firstOf(String first, String second) {
        return first != null && !first.isEmpty() ? first : second;
    }
}
