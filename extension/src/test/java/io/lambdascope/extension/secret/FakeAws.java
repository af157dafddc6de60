package io.lambdascope.extension.secret;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Secrets Manager's {@code GetSecretValue} and SSM's {@code GetParameter} as the SDK calls them:
 * JSON 1.1 POSTs named by {@code X-Amz-Target}. Answers with the value set last, or with an AWS error.
 */
public final class FakeAws implements AutoCloseable {

    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String value;
    private volatile String errorCode;

    public FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The environment a function with this endpoint for both services would have. */
    public Map<String, String> environment() {
        return Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example-key",
                "AWS_SESSION_TOKEN", "example-session", "AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint(),
                "AWS_ENDPOINT_URL_SSM", endpoint());
    }

    public FakeAws value(String value) {
        this.value = value;
        this.errorCode = null;
        return this;
    }

    public FakeAws error(String code) {
        this.errorCode = code;
        return this;
    }

    /** The targets called, in order, with the id or name asked for: {@code secretsmanager.GetSecretValue otlp}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        calls.add(target + " " + Json.field(body, target.startsWith("AmazonSSM") ? "Name" : "SecretId"));
        String code = errorCode;
        byte[] answer;
        int status;
        if (code != null) {
            status = 400;
            exchange.getResponseHeaders().add("x-amzn-ErrorType", code);
            answer = ("{\"__type\":\"" + code + "\",\"message\":\"refused\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            status = 200;
            String quoted = Json.quoted(value);
            answer = (target.equals("secretsmanager.GetSecretValue")
                    ? "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf\",\"Name\":\"otlp\",\"SecretString\":" + quoted + "}"
                    : "{\"Parameter\":{\"Name\":\"p\",\"Type\":\"SecureString\",\"Value\":" + quoted + ",\"Version\":1}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Just enough JSON for the fake. */
    static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        static String field(String json, String name) {
            try {
                return MAPPER.readTree(json).path(name).asText();
            } catch (IOException e) {
                return "?";
            }
        }

        static String quoted(String text) {
            try {
                return MAPPER.writeValueAsString(text);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
