package io.lambdascope.extension.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A function for the proxy's tests, run by the real Lambda Java runtime interface client: it
 * answers with the event's bytes unchanged, except for three events of its own:
 * {@code "runtime-api"} answers the Runtime API address it was given, {@code "fail"} throws, and
 * {@code "bytes:N"} answers N bytes of every value. With {@code ECHO_HTTP_ANSWERS} naming the
 * fixture corpus, an HTTP event is answered as a real function would, with a response fixture of
 * its API's shape.
 */
public final class EchoFunction implements RequestStreamHandler {

    /** The handler string the runtime is started with. */
    public static final String HANDLER = EchoFunction.class.getName() + "::handleRequest";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
        String answers = System.getenv("ECHO_HTTP_ANSWERS");
        if (answers != null) {
            Optional<String> answer = httpAnswer(event);
            if (answer.isPresent()) {
                output.write(Files.readAllBytes(Path.of(answers, answer.get())));
                return;
            }
        }
        String text = new String(event, StandardCharsets.ISO_8859_1);
        switch (text) {
            case "\"runtime-api\"" -> output.write(("\"" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "\"").getBytes(StandardCharsets.UTF_8));
            case "\"fail\"" -> throw new IllegalArgumentException("asked to fail");
            default -> {
                if (text.startsWith("\"bytes:")) {
                    int n = Integer.parseInt(text.substring(7, text.length() - 1));
                    byte[] answer = new byte[n];
                    for (int i = 0; i < n; i++) {
                        answer[i] = (byte) i;
                    }
                    output.write(answer);
                } else {
                    output.write(event);
                }
            }
        }
    }

    /** The response fixture for an HTTP event: HTTP API and function URL, ALB, REST and WebSocket APIs. */
    private static Optional<String> httpAnswer(byte[] event) {
        JsonNode request;
        try {
            request = JSON.readTree(event);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (request == null || !request.path("requestContext").isObject()) {
            return Optional.empty();
        }
        if (request.path("version").asText().equals("2.0")) {
            return Optional.of("lambda-function-url-response-cookies.json");
        }
        if (request.path("requestContext").has("elb")) {
            return Optional.of("alb-response-multivalue.json");
        }
        return Optional.of("apigw-v1-response-set-cookie-multivalue.json");
    }
}
