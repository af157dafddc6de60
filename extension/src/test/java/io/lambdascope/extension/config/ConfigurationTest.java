package io.lambdascope.extension.config;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationTest {

    @Test
    void defaultsFollowTheContract() {
        Configuration config = Configuration.from(Map.of());

        assertEquals(List.of(), config.problems());
        ExportConfig export = config.export();
        assertAll("export",
                () -> assertEquals(Optional.empty(), export.endpoint()),
                () -> assertEquals(ExportProtocol.HTTP_PROTOBUF, export.protocol()),
                () -> assertEquals(Map.of(), export.headers()),
                () -> assertEquals(Optional.empty(), export.headersSecret()),
                () -> assertEquals(Compression.GZIP, export.compression()),
                () -> assertEquals(Duration.ofMillis(2000), export.timeout()),
                () -> assertEquals(Optional.empty(), export.caCertFile()),
                () -> assertEquals(Optional.empty(), export.caCertBase64()),
                () -> assertFalse(export.insecureSkipVerify()));
        FlushConfig flush = config.flush();
        assertAll("flush",
                () -> assertEquals(FlushStrategy.ADAPTIVE, flush.strategy()),
                () -> assertEquals(Duration.ofMillis(20_000), flush.interval()),
                () -> assertEquals(512, flush.batchMaxItems()),
                () -> assertEquals(64, flush.batchJitterItems()),
                () -> assertEquals(8L * 1024 * 1024, flush.bufferMaxBytes()),
                () -> assertEquals(Duration.ofMillis(50), flush.overheadBudget()),
                () -> assertEquals(Duration.ofMillis(1500), flush.shutdownFlush()));
        assertEquals(new CaptureConfig(true, false, 8192, 9009), config.capture());
        assertAll("redaction",
                () -> assertEquals(List.of(), config.redaction().extraHeaders()),
                () -> assertEquals(RedactionConfig.ALWAYS_REDACTED_HEADERS, config.redaction().headers()),
                () -> assertEquals(Optional.empty(), config.redaction().attributeKeys()),
                () -> assertEquals(List.of(), config.redaction().queryParameters()));
        assertEquals(new TelemetryConfig(List.of(TelemetryType.PLATFORM, TelemetryType.FUNCTION, TelemetryType.EXTENSION), 4243, 32768),
                config.telemetry());
        assertEquals(Sampling.ALL, config.sampling());
        assertEquals(new ReceiverConfig(true, 4318, 4317), config.receiver());
        assertEquals(new GeneralConfig("unknown_service", Map.of(), false, LogLevel.INFO, false), config.general());
    }

    @Test
    void readsEveryKindOfValue() {
        Configuration config = Configuration.from(Map.ofEntries(
                Map.entry("LAMBDASCOPE_EXPORT_ENDPOINT", "https://otlp.example.com:4318"),
                Map.entry("LAMBDASCOPE_EXPORT_PROTOCOL", "HTTP/JSON"),
                Map.entry("LAMBDASCOPE_EXPORT_HEADERS", "x-api-key=abc%3D%3D, x-team = a%2Cb ,"),
                Map.entry("LAMBDASCOPE_EXPORT_COMPRESSION", "none"),
                Map.entry("LAMBDASCOPE_EXPORT_TIMEOUT_MS", " 750 "),
                Map.entry("LAMBDASCOPE_INSECURE_SKIP_VERIFY", "TRUE"),
                Map.entry("LAMBDASCOPE_FLUSH", "end-of-invocation"),
                Map.entry("LAMBDASCOPE_BUFFER_MAX_BYTES", "2MiB"),
                Map.entry("LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES", "16k"),
                Map.entry("LAMBDASCOPE_REDACT_HEADERS", "X-Secret, Authorization"),
                Map.entry("LAMBDASCOPE_REDACT_ATTRIBUTES", "^http\\.request\\.header\\..*"),
                Map.entry("LAMBDASCOPE_TELEMETRY_TYPES", "platform,function"),
                Map.entry("LAMBDASCOPE_TELEMETRY_PORT", "5000"),
                Map.entry("LAMBDASCOPE_SAMPLING", "ratio:0.25"),
                Map.entry("LAMBDASCOPE_LOG_LEVEL", "Debug"),
                Map.entry("LAMBDASCOPE_DISABLED", "false")));

        assertEquals(List.of(), config.problems());
        assertEquals(Optional.of(URI.create("https://otlp.example.com:4318")), config.export().endpoint());
        assertEquals(ExportProtocol.HTTP_JSON, config.export().protocol());
        assertEquals(Map.of("x-api-key", "abc==", "x-team", "a,b"), config.export().headers());
        assertEquals(Compression.NONE, config.export().compression());
        assertEquals(Duration.ofMillis(750), config.export().timeout());
        assertTrue(config.export().insecureSkipVerify());
        assertEquals(FlushStrategy.END_OF_INVOCATION, config.flush().strategy());
        assertEquals(2L * 1024 * 1024, config.flush().bufferMaxBytes());
        assertEquals(16 * 1024, config.capture().bodyMaxBytes());
        assertEquals(List.of("authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization", "x-amz-security-token", "x-secret"),
                config.redaction().headers());
        assertTrue(config.redaction().attributeKeys().orElseThrow().matcher("http.request.header.x").matches());
        assertEquals(List.of(TelemetryType.PLATFORM, TelemetryType.FUNCTION), config.telemetry().types());
        assertEquals(5000, config.telemetry().port());
        assertEquals(new Sampling(Sampling.Kind.RATIO, 0.25), config.sampling());
        assertEquals(LogLevel.DEBUG, config.general().logLevel());
    }

    @Test
    void neverTakesTheSdkExporterVariablesAsItsTarget() {
        Configuration config = Configuration.from(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector.example.com",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://collector.example.com/v1/traces",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer x"));

        assertEquals(Optional.empty(), config.export().endpoint());
        assertEquals(Map.of(), config.export().headers());
        assertEquals(List.of(), config.problems());
    }

    @Test
    void namesTheServiceFromTheMostSpecificSource() {
        assertEquals("orders", Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders")).general().serviceName());
        assertEquals("checkout", Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders",
                "OTEL_SERVICE_NAME", "checkout")).general().serviceName());
        assertEquals("shop", Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders",
                "OTEL_SERVICE_NAME", "checkout", "LAMBDASCOPE_SERVICE_NAME", "shop")).general().serviceName());
    }

    @Test
    void readsResourceAttributesPercentDecoded() {
        Configuration config = Configuration.from(Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod,team=a%20b"));

        assertEquals(Map.of("deployment.environment", "prod", "team", "a b"), config.general().resourceAttributes());
    }

    @ParameterizedTest(name = "{0} MB: {1} KiB")
    @CsvSource({"128, 2048", "256, 4096", "300, 4800", "512, 8192", "10240, 8192"})
    void boundsTheBufferByTheFunctionsMemory(String memoryMb, long kib) {
        Configuration config = Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memoryMb));

        assertEquals(kib * 1024, config.flush().bufferMaxBytes());
        assertEquals(List.of(), config.problems());
    }

    @ParameterizedTest(name = "memory \"{0}\"")
    @ValueSource(strings = {"", "0", "-128", "lots", "99999999999999999999"})
    void boundsTheBufferAt8MiBWhenTheMemoryIsUnknown(String memoryMb) {
        Configuration config = Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memoryMb));

        assertEquals(8L * 1024 * 1024, config.flush().bufferMaxBytes());
    }

    @Test
    void takesAConfiguredBufferBoundWhateverTheMemory() {
        Configuration config = Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128",
                "LAMBDASCOPE_BUFFER_MAX_BYTES", "16m"));

        assertEquals(16L * 1024 * 1024, config.flush().bufferMaxBytes());
    }

    @Test
    void boundsTheBufferByTheMemoryWhenTheConfiguredBoundIsBad() {
        Configuration config = Configuration.from(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128",
                "LAMBDASCOPE_BUFFER_MAX_BYTES", "8XB"));

        assertEquals(2L * 1024 * 1024, config.flush().bufferMaxBytes());
        assertEquals(1, config.problems().size());
    }

    @Nested
    class FailsWhen {

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', value = {
                "LAMBDASCOPE_CAPTURE                | yes",
                "LAMBDASCOPE_TAGS                   | 1",
                "LAMBDASCOPE_TELEMETRY_PORT         | 0",
                "LAMBDASCOPE_OTLP_HTTP_PORT         | 65536",
                "LAMBDASCOPE_PROXY_PORT             | http",
                "LAMBDASCOPE_EXPORT_TIMEOUT_MS      | 2s",
                "LAMBDASCOPE_FLUSH_INTERVAL_MS      | -5",
                "LAMBDASCOPE_BUFFER_MAX_BYTES       | 8XB",
                "LAMBDASCOPE_BUFFER_MAX_BYTES       | 99999999999999999999m",
                "LAMBDASCOPE_BATCH_MAX_ITEMS        | 0",
                "LAMBDASCOPE_EXPORT_ENDPOINT        | ftp://otlp.example.com",
                "LAMBDASCOPE_EXPORT_ENDPOINT        | not a url",
                "LAMBDASCOPE_EXPORT_ENDPOINT        | /v1/traces",
                "LAMBDASCOPE_EXPORT_PROTOCOL        | thrift",
                "LAMBDASCOPE_EXPORT_COMPRESSION     | zstd",
                "LAMBDASCOPE_FLUSH                  | sometimes",
                "LAMBDASCOPE_LOG_LEVEL              | verbose",
                "LAMBDASCOPE_SAMPLING               | ratio:1.5",
                "LAMBDASCOPE_SAMPLING               | ratio:half",
                "LAMBDASCOPE_SAMPLING               | some",
                "LAMBDASCOPE_REDACT_ATTRIBUTES      | (unclosed",
                "LAMBDASCOPE_TELEMETRY_TYPES        | platform,traces",
                "LAMBDASCOPE_CA_CERT_B64            | not*base64",
        })
        void aValueIsBadAndTheDefaultApplies(String variable, String value) {
            Configuration config = Configuration.from(Map.of(variable, value));

            assertEquals(1, config.problems().size(), () -> config.problems().toString());
            ConfigurationProblem problem = config.problems().getFirst();
            assertEquals(variable, problem.variable());
            assertEquals(value, problem.shownValue());
            assertTrue(problem.message().startsWith(variable + "=" + value + " is not used: "), problem.message());
            assertTrue(problem.message().contains("using the default"), problem.message());
            assertEquals(Configuration.from(Map.of()).withoutProblems(), config.withoutProblems());
        }

        @Test
        void aHeaderListIsBadAndItsValueStaysOutOfTheLog() {
            Configuration config = Configuration.from(Map.of("LAMBDASCOPE_EXPORT_HEADERS", "Bearer s3cr3t-token"));

            ConfigurationProblem problem = config.problems().getFirst();
            assertEquals("<redacted>", problem.shownValue());
            assertFalse(problem.message().contains("s3cr3t"), problem.message());
            assertEquals(Map.of(), config.export().headers());
        }

        @ParameterizedTest
        @CsvSource({
                "http://localhost:4318", "http://127.0.0.1:4318/", "http://[::1]:4317",
                "http://LOCALHOST:4318/v1", "http://127.0.0.1:5318"})
        void theEndpointIsTheExtensionsOwnReceiver(String endpoint) {
            Configuration config = Configuration.from(Map.of("LAMBDASCOPE_EXPORT_ENDPOINT", endpoint,
                    "LAMBDASCOPE_OTLP_HTTP_PORT", "5318"));

            assertEquals(Optional.empty(), config.export().endpoint());
            ConfigurationProblem problem = config.problems().getFirst();
            assertEquals("LAMBDASCOPE_EXPORT_ENDPOINT", problem.variable());
            assertTrue(problem.reason().contains("own OTLP receiver"), problem.reason());
        }
    }

    @Test
    void acceptsALocalCollectorOnAnotherPort() {
        Configuration config = Configuration.from(Map.of("LAMBDASCOPE_EXPORT_ENDPOINT", "http://localhost:4320"));

        assertEquals(Optional.of(URI.create("http://localhost:4320")), config.export().endpoint());
        assertEquals(List.of(), config.problems());
    }

    @Test
    void keepsCredentialsOutOfTheLog() {
        assertTrue(Settings.EXPORT_HEADERS.secret());
        assertTrue(Settings.EXPORT_HEADERS_SECRET.secret());
        assertFalse(Settings.REDACT_HEADERS.secret());
        assertFalse(Configuration.from(Map.of("LAMBDASCOPE_EXPORT_HEADERS", "authorization=Bearer s3cr3t"))
                .export().toString().contains("s3cr3t"));
    }

    @Test
    void everySettingIsNamedOnceAndParsesItsOwnDefault() {
        assertEquals(Settings.all().size(), Settings.all().stream().map(Setting::name).distinct().count());
        for (Setting<?> setting : Settings.all()) {
            assertTrue(setting.name().startsWith("LAMBDASCOPE_"), setting.name());
            assertFalse(setting.description().isBlank(), setting.name());
        }
    }
}
