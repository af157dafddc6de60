package io.lambdascope.extension.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A function for the proxy's tests, run by the real Lambda Java runtime interface client: it
 * answers with the event's bytes unchanged, except for three events of its own:
 * {@code "runtime-api"} answers the Runtime API address it was given, {@code "fail"} throws, and
 * {@code "bytes:N"} answers N bytes of every value.
 */
public final class EchoFunction implements RequestStreamHandler {

    /** The handler string the runtime is started with. */
    public static final String HANDLER = EchoFunction.class.getName() + "::handleRequest";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] event = input.readAllBytes();
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
}
