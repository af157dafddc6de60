package io.lambdascope.samples.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged function folder exactly as a Lambda-like environment would: its bootstrap
 * starts the real runtime interface client, which takes one event from the Runtime API, calls the
 * handler and posts the handler's answer back.
 */
class BootstrapIT {

    private static final Path FUNCTION = Path.of("target", "function").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Process runtime;

    @AfterEach
    void stopRuntime() throws InterruptedException {
        if (runtime != null) {
            runtime.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRuntimeInterfaceClientRunsTheHandlerAndPostsItsResponse() throws Exception {
        String event;
        try (InputStream in = getClass().getResourceAsStream("/events/get-orders.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String requestId = "0f6c3b3e-5d2a-4b8e-9a51-2c1f0e7d9b4a";
        Path log = work.resolve("bootstrap.log");

        try (FakeRuntimeApi api = new FakeRuntimeApi(requestId, event)) {
            runtime = start(api.address(), work, log);

            FakeRuntimeApi.Posted posted = api.posted().poll(60, TimeUnit.SECONDS);

            assertNotNull(posted, () -> "the runtime posted nothing; its output:\n" + read(log));
            assertEquals("/invocation/" + requestId + "/response", posted.path(), posted.body());
            JsonNode response = JSON.readTree(posted.body());
            assertEquals(200, response.get("statusCode").asInt());
            assertEquals("application/json", response.get("headers").get("content-type").asText());
            JsonNode body = JSON.readTree(response.get("body").asText());
            assertEquals("GET", body.get("method").asText());
            assertEquals("/orders/42", body.get("path").asText());
            assertEquals(requestId, body.get("requestId").asText());
            assertTrue(body.get("coldStart").asBoolean(), "the first invocation of a fresh JVM is a cold start");
        }
        String output = read(log);
        assertTrue(output.contains("received GET /orders/42"), output);
    }

    private static Process start(String runtimeApi, Path cwd, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(FUNCTION.resolve("bootstrap").toString())
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("LAMBDA") || name.startsWith("_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("_HANDLER", ApiGatewayHandler.class.getName() + "::handleRequest");
        env.put("LAMBDA_TASK_ROOT", FUNCTION.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", "java-apigw-function");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/java-apigw-function");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/23/[$LATEST]0123456789abcdef");
        env.put("AWS_REGION", "eu-west-1");
        return builder.start();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
