package io.lambdascope.sandbox.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A validated Telemetry API subscription: the body of {@code PUT /2022-07-01/telemetry}.
 *
 * @param schemaVersion one of {@link #SCHEMA_VERSIONS}
 * @param destination   where batches are posted, with {@code sandbox.localdomain} already resolved
 *                      to {@code 127.0.0.1}
 * @param types         the streams, a non-empty subset of platform, function, extension, in request order
 * @param buffering     the batching limits, defaults filled in
 */
public record Subscription(String schemaVersion, URI destination, List<String> types, Buffering buffering) {

    /** The schema versions the Telemetry API accepts. */
    public static final List<String> SCHEMA_VERSIONS = List.of("2022-07-01", "2022-12-13", "2025-01-29");
    /** The streams an extension can subscribe to. */
    public static final List<String> STREAMS = List.of("platform", "function", "extension");
    /** The host name extensions are told to listen on; inside the sandbox it is the loopback interface. */
    public static final String SANDBOX_HOST = "sandbox.localdomain";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the list so the subscription stays immutable. */
    public Subscription {
        types = List.copyOf(types);
    }

    /**
     * Parses and validates a subscription body.
     *
     * @throws InvalidSubscriptionException naming every bad field, as Lambda's 400 answer does
     */
    public static Subscription parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidSubscriptionException(InvalidSubscriptionException.INVALID_REQUEST_FORMAT,
                    "request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new InvalidSubscriptionException(InvalidSubscriptionException.INVALID_REQUEST_FORMAT,
                    "request body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSubscriptionException(InvalidSubscriptionException.INVALID_REQUEST_FORMAT,
                    "request body must be a JSON object");
        }
        List<String> errors = new ArrayList<>();
        String schemaVersion = schemaVersion(root.get("schemaVersion"), errors);
        URI destination = destination(root.get("destination"), errors);
        List<String> types = types(root.get("types"), errors);
        Buffering buffering = buffering(root.get("buffering"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidSubscriptionException(InvalidSubscriptionException.VALIDATION_ERROR, String.join("; ", errors));
        }
        return new Subscription(schemaVersion, destination, types, buffering);
    }

    private static String schemaVersion(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            errors.add("schemaVersion is required");
        } else if (!node.isTextual() || !SCHEMA_VERSIONS.contains(node.asText())) {
            errors.add("schemaVersion must be one of " + SCHEMA_VERSIONS + ", was " + node);
        }
        return node == null ? "" : node.asText();
    }

    private static URI destination(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            errors.add("destination is required");
            return null;
        }
        if (!node.isObject()) {
            errors.add("destination must be an object, was " + node);
            return null;
        }
        JsonNode protocol = node.get("protocol");
        if (protocol == null || protocol.isNull()) {
            errors.add("destination.protocol is required");
        } else if (!protocol.isTextual() || !List.of("HTTP", "TCP").contains(protocol.asText())) {
            errors.add("destination.protocol must be HTTP or TCP, was " + protocol);
        } else if (protocol.asText().equals("TCP")) {
            errors.add("destination.protocol TCP is not supported by the sandbox, use HTTP");
        }
        JsonNode uri = node.get("URI");
        if (uri == null || uri.isNull()) {
            errors.add("destination.URI is required");
            return null;
        }
        if (!uri.isTextual()) {
            errors.add("destination.URI must be a string, was " + uri);
            return null;
        }
        return deliveryUri(uri.asText(), errors);
    }

    private static URI deliveryUri(String text, List<String> errors) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            errors.add("destination.URI is not a valid URI: " + text);
            return null;
        }
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase("http")) {
            errors.add("destination.URI must be an http:// URI, was " + text);
            return null;
        }
        if (uri.getHost() == null) {
            errors.add("destination.URI has no host: " + text);
            return null;
        }
        if (uri.getPort() < 0) {
            errors.add("destination.URI port is not provided: " + text);
            return null;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String target;
        if (host.equals(SANDBOX_HOST) || host.equals("localhost")) {
            target = "127.0.0.1";
        } else if (isLoopbackLiteral(host)) {
            target = host;
        } else {
            errors.add("destination.URI must point at " + SANDBOX_HOST + " or a loopback address, was " + text);
            return null;
        }
        try {
            return new URI("http", null, target, uri.getPort(), uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath(),
                    uri.getQuery(), null);
        } catch (URISyntaxException e) {
            errors.add("destination.URI is not a valid URI: " + text);
            return null;
        }
    }

    /** True for IP literals on the loopback interface; never resolves names, so never blocks on DNS. */
    private static boolean isLoopbackLiteral(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> types(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            errors.add("types is required");
            return List.of();
        }
        if (!node.isArray()) {
            errors.add("types must be an array, was " + node);
            return List.of();
        }
        if (node.isEmpty()) {
            errors.add("types should not be empty");
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode type : node) {
            if (!type.isTextual() || !STREAMS.contains(type.asText())) {
                errors.add("types must only contain " + STREAMS + ", found " + type);
            } else {
                types.add(type.asText());
            }
        }
        return List.copyOf(types);
    }

    private static Buffering buffering(JsonNode node, List<String> errors) {
        if (node == null || node.isNull()) {
            return Buffering.DEFAULT;
        }
        if (!node.isObject()) {
            errors.add("buffering must be an object, was " + node);
            return Buffering.DEFAULT;
        }
        int maxItems = limit(node, "maxItems", Buffering.MIN_ITEMS, Buffering.MAX_ITEMS, Buffering.DEFAULT_ITEMS, errors);
        int maxBytes = limit(node, "maxBytes", Buffering.MIN_BYTES, Buffering.MAX_BYTES, Buffering.DEFAULT_BYTES, errors);
        int timeoutMs = limit(node, "timeoutMs", Buffering.MIN_TIMEOUT_MS, Buffering.MAX_TIMEOUT_MS,
                Buffering.DEFAULT_TIMEOUT_MS, errors);
        return new Buffering(maxItems, maxBytes, timeoutMs);
    }

    private static int limit(JsonNode buffering, String field, int min, int max, int defaultValue, List<String> errors) {
        JsonNode node = buffering.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            errors.add("buffering." + field + " must be an integer between " + min + " and " + max + ", was " + node);
            return defaultValue;
        }
        return node.asInt();
    }
}
