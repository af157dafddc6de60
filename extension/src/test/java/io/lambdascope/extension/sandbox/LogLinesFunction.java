package io.lambdascope.extension.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A function for the pipeline's tests, run by the real Lambda Java runtime interface client: it
 * writes {@code lines} log lines naming its request id, then answers, fails or overruns its
 * timeout as the event's {@code outcome} says.
 */
public final class LogLinesFunction implements RequestStreamHandler {

    /** The handler string the runtime is started with. */
    public static final String HANDLER = LogLinesFunction.class.getName() + "::handleRequest";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        int lines = event.path("lines").asInt(20);
        for (int i = 1; i <= lines; i++) {
            System.out.println("line " + i + " of " + context.getAwsRequestId());
        }
        System.out.flush();
        switch (event.path("outcome").asText("success")) {
            case "error" -> throw new IllegalStateException("asked to fail");
            case "timeout" -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> output.write(("{\"requestId\":\"" + context.getAwsRequestId() + "\",\"lines\":" + lines + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
