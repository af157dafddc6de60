package io.lambdascope.extension.sandbox;

import io.lambdascope.extension.secret.FakeAws;
import io.lambdascope.extension.secret.FakeBackend;
import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built layer exporting with headers from LAMBDASCOPE_EXPORT_HEADERS_SECRET, read through the
 * layer's own runtime image and its aws/ jars from a stand-in Secrets Manager, and from
 * LAMBDASCOPE_EXPORT_HEADERS: both reach the backend, nothing is sent without the secret's, and
 * neither value appears in any byte the run writes anywhere else (the extension's and the
 * sandbox's output, the run report, the telemetry exported).
 */
class ExportSecretIT {

    private static final String TOKEN = "it-s3cr3t-t0ken";
    /** A header value given in plain configuration: as secret as the token. */
    private static final String TENANT_KEY = "t3nant-k3y-9f2c1e";

    private static Sandbox.Builder sandbox(FakeAws aws, FakeBackend backend, List<String> extensionLog) {
        Sandbox.Builder builder = SampleFunction.withLayer()
                .env("LAMBDASCOPE_EXPORT_ENDPOINT", backend.endpoint())
                .env("LAMBDASCOPE_EXPORT_HEADERS_SECRET", "otlp-token")
                .env("LAMBDASCOPE_FLUSH", "end-of-invocation")
                .timeout(Duration.ofSeconds(10)).otlpSink(false)
                .output((source, line) -> {
                    if (!source.equals("runtime")) {
                        extensionLog.add(line);
                    }
                });
        for (Map.Entry<String, String> variable : aws.environment().entrySet()) {
            if (!variable.getKey().equals("AWS_REGION")) {
                builder.env(variable.getKey(), variable.getValue());
            }
        }
        return builder;
    }

    @Test
    void theHeaderValuesReachTheBackendAndNoOtherByteOfTheRun() throws Exception {
        List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());
        try (FakeAws aws = new FakeAws().value(TOKEN);
             FakeBackend backend = new FakeBackend().accepts("authorization", "Bearer " + TOKEN)) {
            // At debug level, so that every line the extension can write about the secret is looked at.
            String report;
            try (Sandbox sandbox = sandbox(aws, backend, extensionLog).env("LAMBDASCOPE_LOG_LEVEL", "debug")
                    .env("LAMBDASCOPE_EXPORT_HEADERS", "x-tenant-key=" + TENANT_KEY).build()) {
                for (int i = 0; i < 3; i++) {
                    InvocationResult result = sandbox.invoke(SampleFunction.EVENT);
                    assertEquals("success", result.status(), result.bodyText());
                }
                sandbox.shutdown();
                report = sandbox.report().toString();
            }
            assertEquals(List.of("secretsmanager.GetSecretValue otlp-token"), aws.calls(), "read once");
            assertFalse(backend.requests().isEmpty(), "exported: " + extensionLog);
            assertTrue(backend.requests().stream().allMatch(request -> request.status() == 200
                            && TENANT_KEY.equals(request.headers().get("x-tenant-key"))),
                    "every request carried the token and the configured header: " + backend.requests());
            // The extension's own log lines are telemetry too (the Telemetry API's extension stream).
            String exported = backend.requests().stream()
                    .map(request -> new String(request.body(), StandardCharsets.ISO_8859_1))
                    .collect(Collectors.joining("\n"));
            assertTrue(exported.contains("answered"), "the function's log lines were exported");
            for (String secret : List.of(TOKEN, TENANT_KEY)) {
                assertFalse(exported.contains(secret), "exported telemetry holds " + secret);
                assertFalse(report.contains(secret), "the run report holds " + secret);
            }
        }
        String log = String.join("\n", extensionLog);
        assertTrue(log.contains("export headers [Authorization] read from otlp-token"), log);
        assertFalse(log.contains(TOKEN), log);
        assertFalse(log.contains(TENANT_KEY), log);
        // The flushes that come while the first read is still under way fail and may open the breaker: that warning may be there.
        assertFalse(log.contains("WARN ExportSecret") || log.contains("[warning][aot") || log.contains("[error]"), log);
    }

    @Test
    void whileTheSecretCannotBeReadNothingIsSentThenTheBufferedTelemetryIs() throws Exception {
        List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());
        try (FakeAws aws = new FakeAws().error("AccessDeniedException");
             FakeBackend backend = new FakeBackend().accepts("authorization", "Bearer " + TOKEN)) {
            try (Sandbox sandbox = sandbox(aws, backend, extensionLog).build()) {
                // The read runs in the background and, as in Lambda, only while the environment is thawed;
                // the first one loads the SDK, which takes more than a second of that.
                int invocations = 0;
                while (aws.calls().isEmpty() && invocations < 100) {
                    assertEquals("success", sandbox.invoke(SampleFunction.EVENT).status());
                    invocations++;
                }
                assertFalse(aws.calls().isEmpty(), "read within " + invocations + " invocations");
                assertTrue(backend.requests().isEmpty(), "nothing is sent unauthenticated");
                aws.value(TOKEN);
                // Reads are retried after a second, then two, ..., and the breaker the failed exports opened
                // lets a probe through after its cool-down; the clock runs on while the environment is frozen.
                while (backend.requests().isEmpty() && invocations < 150) {
                    Thread.sleep(500);
                    assertEquals("success", sandbox.invoke(SampleFunction.EVENT).status());
                    invocations++;
                }
                System.out.printf("exported again after %d invocations%n", invocations);
                sandbox.shutdown();
            }
            assertFalse(backend.requests().isEmpty(), "exported once readable: " + extensionLog);
            assertTrue(backend.requests().stream().allMatch(request -> request.status() == 200), backend.requests().toString());
        }
        String log = String.join("\n", extensionLog);
        assertEquals(1, extensionLog.stream().filter(line -> line.contains("AccessDeniedException")).count(), log);
        assertTrue(log.contains("exports resume"), log);
        assertFalse(log.contains(TOKEN), log);
    }
}
