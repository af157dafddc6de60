package io.lambdascope.extension.secret;

import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportConfig;
import io.lambdascope.extension.config.ExportProtocol;
import io.lambdascope.extension.export.ExportCredentials;
import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Exporters;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.lambdascope.extension.fake.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export headers secret read through the real AWS SDK from a fake Secrets Manager and SSM, used against a fake backend. */
class ExportSecretTest {

    private static final String TOKEN = "s3cr3t-t0ken-1";
    private static final String ROTATED = "s3cr3t-t0ken-2";
    private static final ExportTraceServiceRequest REQUEST = ExportTraceServiceRequest.getDefaultInstance();

    private FakeAws aws;
    private FakeBackend backend;
    private CapturedLog log;

    @BeforeEach
    void start() throws IOException {
        aws = new FakeAws();
        backend = new FakeBackend();
        log = CapturedLog.of("io.lambdascope.extension");
    }

    @AfterEach
    void stop() {
        log.close();
        aws.close();
        backend.close();
        String everything = String.join("\n", log.lines());
        for (String value : List.of(TOKEN, ROTATED, "x-tenant-v4lue")) {
            assertFalse(everything.contains(value), "the log holds a secret's value:\n" + everything);
        }
    }

    /** The warnings of the secret's reader. */
    private List<LogRecord> warnings() {
        return log.warnings().stream().filter(record -> record.getLoggerName().endsWith(".secret.ExportSecret")).toList();
    }

    private ExportSecret secret(String reference) {
        ExportSecret secret = new ExportSecret(SecretReference.parse(reference), () -> new AwsSecretStore(aws.environment()),
                System::nanoTime, Duration.ofMillis(50), ExportSecret.REFUSAL_INTERVAL);
        secret.readInBackground();
        return secret;
    }

    private Exporter exporter(Map<String, String> configured, ExportCredentials credentials) {
        return Exporters.from(new ExportConfig(Optional.of(URI.create(backend.endpoint())), ExportProtocol.HTTP_PROTOBUF, configured,
                Optional.of("unused here"), Compression.NONE, Duration.ofSeconds(2), Optional.empty(), Optional.empty(), false),
                credentials, System.out);
    }

    private static ExportResult export(Exporter exporter) {
        return exporter.export(Signal.TRACES, REQUEST, System.nanoTime() + Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aSecretsManagerTokenIsReadOnceAndSentAsABearerTokenBesideTheConfiguredHeaders() {
        aws.value(TOKEN);
        backend.accepts("authorization", "Bearer " + TOKEN);
        try (Exporter exporter = exporter(Map.of("x-tenant", "t1", "Authorization", "Bearer configured"),
                secret("arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf"))) {
            for (int i = 0; i < 3; i++) {
                assertTrue(export(exporter).sent());
            }
        }
        assertEquals(List.of("secretsmanager.GetSecretValue arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf"), aws.calls());
        assertEquals(3, backend.requests().size());
        assertEquals("t1", backend.requests().getFirst().headers().get("x-tenant"));
    }

    @Test
    void anSsmParameterHoldsAHeaderList() {
        aws.value("x-api-key=" + TOKEN + ",x-tenant=x-tenant-v4lue");
        backend.accepts("x-api-key", TOKEN);
        try (Exporter exporter = exporter(Map.of(), secret("ssm:/otlp/headers"))) {
            assertTrue(export(exporter).sent());
        }
        assertEquals(List.of("AmazonSSM.GetParameter /otlp/headers"), aws.calls());
        assertEquals("x-tenant-v4lue", backend.requests().getFirst().headers().get("x-tenant"));
    }

    @Test
    void aKeyOfAJsonSecretIsUsed() {
        aws.value("{\"apiKey\":\"" + TOKEN + "\",\"user\":\"x-tenant-v4lue\"}");
        backend.accepts("authorization", "Bearer " + TOKEN);
        try (Exporter exporter = exporter(Map.of(), secret("otlp#apiKey"))) {
            assertTrue(export(exporter).sent());
        }
    }

    @Test
    void aRefusedRequestHasTheSecretReadAgainOnceAndTheNewValueUsed() {
        aws.value(TOKEN);
        backend.accepts("authorization", "Bearer " + TOKEN);
        try (Exporter exporter = exporter(Map.of(), secret("otlp"))) {
            assertTrue(export(exporter).sent());
            // Rotated: the backend takes only the new token, and Secrets Manager has it.
            aws.value(ROTATED);
            backend.accepts("authorization", "Bearer " + ROTATED);
            ExportResult result = export(exporter);
            assertTrue(result.sent(), result.toString());
            assertEquals(2, result.attempts());
            assertTrue(export(exporter).sent());
        }
        assertEquals(2, aws.calls().size(), aws.calls().toString());
        assertEquals(List.of(200, 401, 200, 200), backend.requests().stream().map(FakeBackend.Request::status).toList());
    }

    @Test
    void aRefusalTheNewValueDoesNotCureIsRejectedAndReadsAgainOnlyAfterTheInterval() {
        aws.value(TOKEN);
        backend.accepts("authorization", "Bearer nobody has this");
        try (Exporter exporter = exporter(Map.of(), secret("otlp"))) {
            assertEquals(ExportResult.Outcome.REJECTED, export(exporter).outcome());
            assertEquals(ExportResult.Outcome.REJECTED, export(exporter).outcome());
        }
        assertEquals(2, aws.calls().size(), "the first read and one after the first refusal: " + aws.calls());
    }

    @Test
    void whileTheSecretCannotBeReadNothingIsSentAndExportResumesOnceItCan() throws InterruptedException {
        aws.error("AccessDeniedException");
        backend.accepts("authorization", "Bearer " + TOKEN);
        try (Exporter exporter = exporter(Map.of("x-tenant", "t1"), secret("otlp"))) {
            ExportResult waiting = export(exporter);
            assertEquals(ExportResult.Outcome.FAILED, waiting.outcome(), "retryable, so that the data stays in the buffer");
            assertEquals(0, waiting.attempts());
            assertTrue(waiting.problem().orElseThrow().contains("AccessDeniedException"), waiting.problem().orElseThrow());
            Thread.sleep(120);
            assertEquals(ExportResult.Outcome.FAILED, export(exporter).outcome());
            assertTrue(backend.requests().isEmpty(), "nothing is sent unauthenticated");

            aws.value(TOKEN);
            Thread.sleep(500);
            ExportResult sent = export(exporter);
            assertTrue(sent.sent(), sent.toString());
        }
        assertTrue(aws.calls().size() >= 3, aws.calls().toString());
        assertEquals(1, warnings().size(), "the failure is reported once: " + log.lines());
        String warning = CapturedLog.message(warnings().getFirst());
        assertTrue(warning.contains("otlp") && warning.contains("AccessDeniedException"), warning);
        assertTrue(log.lines().stream().anyMatch(line -> line.contains("exports resume")), log.lines().toString());
    }

    @Test
    void aSecretThatIsAJsonObjectWithoutAKeyIsReportedWithItsKeysOnly() {
        aws.value("{\"apiKey\":\"" + TOKEN + "\"}");
        try (Exporter exporter = exporter(Map.of(), secret("otlp"))) {
            assertEquals(ExportResult.Outcome.FAILED, export(exporter).outcome());
        }
        assertTrue(backend.requests().isEmpty());
        String warning = CapturedLog.message(warnings().getFirst());
        assertTrue(warning.contains("otlp#<key>") && warning.contains("[apiKey]"), warning);
    }

    @Test
    void anUnusableReferenceNeverSendsAndSaysWhyOnce() {
        ExportSecret secret = ExportSecret.start("arn:aws:s3:eu-west-1:123456789012:bucket", aws.environment());
        try (Exporter exporter = exporter(Map.of(), secret)) {
            ExportResult result = export(exporter);
            assertEquals(ExportResult.Outcome.FAILED, result.outcome());
            assertTrue(result.problem().orElseThrow().contains("LAMBDASCOPE_EXPORT_HEADERS_SECRET"), result.problem().orElseThrow());
        }
        assertTrue(backend.requests().isEmpty());
        assertTrue(aws.calls().isEmpty());
    }
}
