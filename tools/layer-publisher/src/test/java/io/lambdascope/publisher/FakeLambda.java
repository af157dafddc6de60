package io.lambdascope.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Lambda API's layer operations, as the AWS SDK speaks them (REST-JSON,
 * SigV4): the region of each request is read from its signature's credential scope, so one server
 * stands for every region. It numbers versions as Lambda does, never reusing a deleted number.
 */
final class FakeLambda implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/lambda/");
    private static final Pattern PATH = Pattern.compile("/2018-10-31/layers/([^/]+)/versions(?:/(\\d+)(/policy)?)?");

    /** One published version. */
    record Version(int number, String sha256, String description, Set<String> statements) {
    }

    /** A layer in one region: its versions and the last number it gave. */
    static final class Layer {
        final TreeMap<Integer, Version> versions = new TreeMap<>();
        int counter;
    }

    private final HttpServer server;
    private final Map<String, Layer> layers = new HashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final Set<String> failingRegions = new HashSet<>();

    FakeLambda() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized Layer layer(String region, String name) {
        return layers.computeIfAbsent(region + "/" + name, key -> new Layer());
    }

    /** Versions published before the test, with other content. */
    synchronized void existing(String region, String name, int versions) {
        Layer layer = layer(region, name);
        for (int i = 0; i < versions; i++) {
            layer.counter++;
            layer.versions.put(layer.counter, new Version(layer.counter, "other-content", "older", new HashSet<>()));
        }
    }

    /** Numbers given and then deleted, which Lambda does not give again. */
    synchronized void deleted(String region, String name, int numbers) {
        layer(region, name).counter += numbers;
    }

    synchronized void failing(String region, boolean failing) {
        if (failing) {
            failingRegions.add(region);
        } else {
            failingRegions.remove(region);
        }
    }

    /** "METHOD region path" of every request, in order. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    synchronized void clearRequests() {
        requests.clear();
    }

    static String arn(String region, String name, int version) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":layer:" + name + ":" + version;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            Matcher region = REGION.matcher(authorization);
            if (!region.find()) {
                send(exchange, 403, "AccessDeniedException", "unsigned request");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (this) {
                requests.add(exchange.getRequestMethod() + " " + region.group(1) + " " + exchange.getRequestURI().getPath());
                if (failingRegions.contains(region.group(1))) {
                    send(exchange, 500, "ServiceException", "the region is failing");
                    return;
                }
                route(exchange, region.group(1), body);
            }
        }
    }

    private void route(HttpExchange exchange, String region, byte[] body) throws IOException {
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            send(exchange, 404, "ResourceNotFoundException", "no such route");
            return;
        }
        String name = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
        Layer layer = layer(region, name);
        String method = exchange.getRequestMethod();
        if (path.group(2) == null) {
            if (method.equals("POST")) {
                JsonNode request = JSON.readTree(body);
                byte[] zip = Base64.getDecoder().decode(request.path("Content").path("ZipFile").asText());
                int number = ++layer.counter;
                layer.versions.put(number, new Version(number, sha256(zip), request.path("Description").asText(), new HashSet<>()));
                ObjectNode answer = describe(region, name, layer.versions.get(number));
                answer.set("CompatibleRuntimes", request.path("CompatibleRuntimes"));
                answer.set("CompatibleArchitectures", request.path("CompatibleArchitectures"));
                answer.put("LicenseInfo", request.path("LicenseInfo").asText());
                send(exchange, 201, answer);
            } else {
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode list = answer.putArray("LayerVersions");
                layer.versions.descendingMap().values().forEach(version -> list.add(describe(region, name, version)));
                send(exchange, 200, answer);
            }
            return;
        }
        Version version = layer.versions.get(Integer.parseInt(path.group(2)));
        if (version == null) {
            send(exchange, 404, "ResourceNotFoundException", "no version " + path.group(2));
        } else if (path.group(3) != null) {
            String statement = JSON.readTree(body).path("StatementId").asText();
            if (!version.statements().add(statement)) {
                send(exchange, 409, "ResourceConflictException", "statement " + statement + " exists");
                return;
            }
            ObjectNode answer = JSON.createObjectNode().put("Statement", JSON.writeValueAsString(JSON.readTree(body))).put("RevisionId", "1");
            send(exchange, 201, answer);
        } else if (method.equals("DELETE")) {
            layer.versions.remove(version.number());
            exchange.sendResponseHeaders(204, -1);
        } else {
            send(exchange, 200, describe(region, name, version));
        }
    }

    private static ObjectNode describe(String region, String name, Version version) {
        ObjectNode node = JSON.createObjectNode();
        node.put("LayerArn", "arn:aws:lambda:" + region + ":" + ACCOUNT + ":layer:" + name);
        node.put("LayerVersionArn", arn(region, name, version.number()));
        node.put("Version", version.number());
        node.put("Description", version.description());
        node.putObject("Content").put("CodeSha256", version.sha256()).put("CodeSize", 1).put("Location", "https://example.com/layer.zip");
        return node;
    }

    private static void send(HttpExchange exchange, int status, String errorType, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        send(exchange, status, JSON.createObjectNode().put("Type", "User").put("Message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
