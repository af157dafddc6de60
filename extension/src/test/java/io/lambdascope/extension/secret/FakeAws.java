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
 * JSON 1.1 POSTs named by {@code X-Amz-Target}; and Lambda's {@code GetFunction} and {@code ListTags},
 * REST-JSON GETs. Answers with the value or tags set last, or with an AWS error, after the delay set.
 */
public final class FakeAws implements AutoCloseable {

    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String value;
    private volatile String errorCode;
    private volatile Map<String, String> tags = Map.of();
    private volatile java.time.Duration delay = java.time.Duration.ZERO;

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
                "AWS_ENDPOINT_URL_SSM", endpoint(), "AWS_ENDPOINT_URL_LAMBDA", endpoint());
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

    /** The tags ListTags answers with. */
    public FakeAws tags(Map<String, String> tags) {
        this.tags = Map.copyOf(tags);
        this.errorCode = null;
        return this;
    }

    /** How long every answer takes. */
    public FakeAws delay(java.time.Duration delay) {
        this.delay = delay;
        return this;
    }

    /** The Authorization header of every call, in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The targets called, in order, with the id or name asked for: {@code secretsmanager.GetSecretValue otlp}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String path = exchange.getRequestURI().getRawPath();
        String lambdaAnswer = null;
        if (target == null && path.startsWith("/2017-03-31/tags/")) {
            String arn = java.net.URLDecoder.decode(path.substring("/2017-03-31/tags/".length()), StandardCharsets.UTF_8);
            target = "lambda.ListTags";
            calls.add(target + " " + arn);
            lambdaAnswer = "{\"Tags\":" + Json.MAPPER.writeValueAsString(tags) + "}";
        } else if (target == null && path.startsWith("/2015-03-31/functions/")) {
            String name = java.net.URLDecoder.decode(path.substring("/2015-03-31/functions/".length()), StandardCharsets.UTF_8);
            target = "lambda.GetFunction";
            calls.add(target + " " + name);
            lambdaAnswer = "{\"Configuration\":{\"FunctionName\":" + Json.quoted(name)
                    + ",\"FunctionArn\":" + Json.quoted("arn:aws:lambda:eu-west-1:210987654321:function:" + name) + "},\"Tags\":{}}";
        } else {
            calls.add(target + " " + Json.field(body, target.startsWith("AmazonSSM") ? "Name" : "SecretId"));
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String code = errorCode;
        byte[] answer;
        int status;
        if (code != null) {
            status = code.startsWith("AccessDenied") ? 403 : 400;
            exchange.getResponseHeaders().add("x-amzn-ErrorType", code);
            answer = ("{\"__type\":\"" + code + "\",\"message\":\"refused\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            status = 200;
            String quoted = Json.quoted(value);
            answer = (lambdaAnswer != null ? lambdaAnswer : target.equals("secretsmanager.GetSecretValue")
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
