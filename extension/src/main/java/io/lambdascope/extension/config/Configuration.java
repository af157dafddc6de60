package io.lambdascope.extension.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The extension's whole configuration, read once at start from the environment. Reading never
 * fails: a value that cannot be used is reported in {@link #problems()} and its default applies,
 * because a mistake in observability settings must not break the function.
 *
 * @param export where and how telemetry leaves the extension
 * @param flush when it leaves and how much may wait
 * @param capture what the Runtime API proxy records
 * @param redaction what is removed first
 * @param telemetry the Telemetry API subscription
 * @param sampling which invocations are traced
 * @param receiver the local OTLP receiver
 * @param general identity, log level, on/off
 * @param problems values that were not used, each to be logged once
 */
public record Configuration(ExportConfig export, FlushConfig flush, CaptureConfig capture, RedactionConfig redaction,
                            TelemetryConfig telemetry, Sampling sampling, ReceiverConfig receiver, GeneralConfig general,
                            List<ConfigurationProblem> problems) {

    /** The OpenTelemetry default, when neither a service nor a function name is known. */
    static final String UNKNOWN_SERVICE = "unknown_service";

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0", "[::]");

    /** Copies the problem list. */
    public Configuration {
        problems = List.copyOf(problems);
    }

    /**
     * Reads the configuration.
     *
     * @param environment the process environment, or any map standing in for it
     * @return the configuration, with defaults wherever a value was missing or bad
     */
    public static Configuration from(Map<String, String> environment) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        Reader reader = new Reader(environment, problems);

        ReceiverConfig receiver = new ReceiverConfig(reader.value(Settings.OTLP_RECEIVER),
                reader.value(Settings.OTLP_HTTP_PORT), reader.value(Settings.OTLP_GRPC_PORT));
        Optional<URI> endpoint = reader.value(Settings.EXPORT_ENDPOINT);
        if (endpoint.isPresent() && pointsAtReceiver(endpoint.get(), receiver)) {
            problems.add(new ConfigurationProblem(Settings.EXPORT_ENDPOINT.name(), endpoint.get().toString(),
                    "it points at the extension's own OTLP receiver, which would export every item back to itself",
                    "telemetry is written to the log instead"));
            endpoint = Optional.empty();
        }
        ExportConfig export = new ExportConfig(endpoint, reader.value(Settings.EXPORT_PROTOCOL),
                reader.value(Settings.EXPORT_HEADERS), reader.value(Settings.EXPORT_HEADERS_SECRET),
                reader.value(Settings.EXPORT_COMPRESSION), reader.value(Settings.EXPORT_TIMEOUT),
                reader.value(Settings.CA_CERT_FILE), reader.value(Settings.CA_CERT_B64),
                reader.value(Settings.INSECURE_SKIP_VERIFY));
        FlushConfig flush = new FlushConfig(reader.value(Settings.FLUSH_STRATEGY), reader.value(Settings.FLUSH_INTERVAL),
                reader.value(Settings.BATCH_MAX_ITEMS), reader.value(Settings.BATCH_JITTER_ITEMS),
                reader.value(Settings.BUFFER_MAX_BYTES, Settings.bufferMaxBytesFor(memoryMb(environment))),
                reader.value(Settings.OVERHEAD_BUDGET),
                reader.value(Settings.SHUTDOWN_FLUSH));
        CaptureConfig capture = new CaptureConfig(reader.value(Settings.CAPTURE_ENABLED), reader.value(Settings.CAPTURE_BODIES),
                reader.value(Settings.CAPTURE_BODY_MAX_BYTES), reader.value(Settings.PROXY_PORT));
        RedactionConfig redaction = new RedactionConfig(reader.value(Settings.REDACT_HEADERS),
                reader.value(Settings.REDACT_ATTRIBUTES), reader.value(Settings.REDACT_QUERY));
        TelemetryConfig telemetry = new TelemetryConfig(reader.value(Settings.TELEMETRY_TYPES),
                reader.value(Settings.TELEMETRY_PORT), reader.value(Settings.LOG_MAX_BYTES));
        GeneralConfig general = new GeneralConfig(serviceName(reader.value(Settings.SERVICE_NAME), environment),
                reader.resourceAttributes(), reader.value(Settings.TAGS), reader.value(Settings.LOG_LEVEL),
                reader.value(Settings.DISABLED));
        return new Configuration(export, flush, capture, redaction, telemetry, reader.value(Settings.SAMPLING_RULE),
                receiver, general, problems);
    }

    /** The same configuration with its problems already reported. */
    Configuration withoutProblems() {
        return new Configuration(export, flush, capture, redaction, telemetry, sampling, receiver, general, List.of());
    }

    private static String serviceName(Optional<String> configured, Map<String, String> environment) {
        return configured
                .or(() -> nonBlank(environment.get("OTEL_SERVICE_NAME")))
                .or(() -> nonBlank(environment.get("AWS_LAMBDA_FUNCTION_NAME")))
                .orElse(UNKNOWN_SERVICE);
    }

    /**
     * Whether an export URL reaches this extension's own receiver: the deployers point the
     * function's SDK at it, so a copied OTEL_EXPORTER_OTLP_ENDPOINT value is an easy mistake.
     */
    static boolean pointsAtReceiver(URI endpoint, ReceiverConfig receiver) {
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        boolean local = LOOPBACK_NAMES.contains(host) || host.startsWith("127.");
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
        return local && (port == receiver.httpPort() || port == receiver.grpcPort() || port == 4318 || port == 4317);
    }

    /** The function's memory in MB, as Lambda sets it for the function and its extensions. */
    private static OptionalLong memoryMb(Map<String, String> environment) {
        String text = environment.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        try {
            return text == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(text -> !text.isEmpty());
    }

    /** Reads settings from the environment and records each value it cannot use. */
    private record Reader(Map<String, String> environment, List<ConfigurationProblem> problems) {

        <T> T value(Setting<T> setting) {
            return value(setting, setting.defaultValue());
        }

        /** The setting's value, or {@code fallback}, a default that depends on the function, when it has none it can use. */
        <T> T value(Setting<T> setting, T fallback) {
            Optional<String> text = nonBlank(environment.get(setting.name()));
            if (text.isEmpty()) {
                return fallback;
            }
            try {
                return setting.type().parse(text.get());
            } catch (IllegalArgumentException | ArithmeticException e) {
                problems.add(new ConfigurationProblem(setting.name(), setting.shown(text.get()),
                        Optional.ofNullable(e.getMessage()).orElse("invalid value"),
                        "using the default (" + setting.defaultText().replace("`", "") + ")"));
                return fallback;
            }
        }

        Map<String, String> resourceAttributes() {
            Optional<String> text = nonBlank(environment.get("OTEL_RESOURCE_ATTRIBUTES"));
            if (text.isEmpty()) {
                return Map.of();
            }
            try {
                return ValueType.keyValueList().parse(text.get());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigurationProblem("OTEL_RESOURCE_ATTRIBUTES", text.get(), e.getMessage(),
                        "no attributes are taken from it"));
                return Map.of();
            }
        }
    }
}
