package io.lambdascope.extension.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import static io.lambdascope.extension.config.Group.CAPTURE;
import static io.lambdascope.extension.config.Group.EXPORT;
import static io.lambdascope.extension.config.Group.FLUSH;
import static io.lambdascope.extension.config.Group.GENERAL;
import static io.lambdascope.extension.config.Group.RECEIVER;
import static io.lambdascope.extension.config.Group.REDACTION;
import static io.lambdascope.extension.config.Group.SAMPLING;
import static io.lambdascope.extension.config.Group.TELEMETRY;

/**
 * Every environment variable the extension reads, each declared once. {@link Configuration#from}
 * parses them and {@link ConfigurationTable} documents them, so the two cannot drift apart.
 */
public final class Settings {

    private static final long MIB = 1024 * 1024;

    /** OTLP/HTTP base URL. */
    public static final Setting<Optional<URI>> EXPORT_ENDPOINT = new Setting<>("LAMBDASCOPE_EXPORT_ENDPOINT", EXPORT,
            ValueType.optional(ValueType.httpUri()), Optional.empty(), "none",
            "OTLP/HTTP base URL; `/v1/traces`, `/v1/metrics`, `/v1/logs` are appended. Without it, telemetry is "
                    + "written to the extension's log as OTLP JSON lines, with one warning at start.");
    /** Export wire format. */
    public static final Setting<ExportProtocol> EXPORT_PROTOCOL = new Setting<>("LAMBDASCOPE_EXPORT_PROTOCOL", EXPORT,
            ValueType.choice(ExportProtocol.class), ExportProtocol.HTTP_PROTOBUF, "`http/protobuf`",
            "Wire format of export requests (`grpc` when supported).");
    /** Headers on every export request. */
    public static final Setting<Map<String, String>> EXPORT_HEADERS = new Setting<>("LAMBDASCOPE_EXPORT_HEADERS", EXPORT,
            ValueType.keyValueList(), Map.of(), "none",
            "Headers sent with every export request, `k=v,k2=v2`, percent-decoded as in `OTEL_EXPORTER_OTLP_HEADERS`. Never logged. "
                    + "`Content-Type` and `Content-Encoding` (set from the protocol and compression), headers that frame the request "
                    + "(`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`, `Proxy-Connection`, `Expect`, "
                    + "`Upgrade`, `TE`, `Trailer`) and headers with a character HTTP does not allow are left out, each with a warning "
                    + "naming it.");
    /** Where export headers are kept as a secret. */
    public static final Setting<Optional<String>> EXPORT_HEADERS_SECRET = new Setting<>("LAMBDASCOPE_EXPORT_HEADERS_SECRET", EXPORT,
            ValueType.optional(ValueType.text()), Optional.empty(), "none",
            "Secrets Manager ARN or name, or `ssm:<parameter>`, whose value is a header list or a bare token "
                    + "(sent as `Authorization: Bearer <token>`); `#<key>` takes one string of a JSON secret. "
                    + "Merged over `LAMBDASCOPE_EXPORT_HEADERS`; nothing is exported while it cannot be read. "
                    + "See [Export headers from a secret](#export-headers-from-a-secret).");
    /** Export compression. */
    public static final Setting<Compression> EXPORT_COMPRESSION = new Setting<>("LAMBDASCOPE_EXPORT_COMPRESSION", EXPORT,
            ValueType.choice(Compression.class), Compression.GZIP, "`gzip`", "Compression of export request bodies.");
    /** Time allowed for one export request. */
    public static final Setting<Duration> EXPORT_TIMEOUT = new Setting<>("LAMBDASCOPE_EXPORT_TIMEOUT_MS", EXPORT,
            ValueType.millis(1, 60_000), Duration.ofMillis(2000), "2000", "Time allowed for one export request, in milliseconds.");
    /** Extra trusted CA, as a file. */
    public static final Setting<Optional<String>> CA_CERT_FILE = new Setting<>("LAMBDASCOPE_CA_CERT_FILE", EXPORT,
            ValueType.optional(ValueType.text()), Optional.empty(), "none", "PEM file of an extra trusted CA for the export endpoint.");
    /** Extra trusted CA, inline. */
    public static final Setting<Optional<String>> CA_CERT_B64 = new Setting<>("LAMBDASCOPE_CA_CERT_B64", EXPORT,
            ValueType.optional(ValueType.base64()), Optional.empty(), "none", "The same CA as base64-encoded PEM.");
    /** Turns TLS verification off. */
    public static final Setting<Boolean> INSECURE_SKIP_VERIFY = new Setting<>("LAMBDASCOPE_INSECURE_SKIP_VERIFY", EXPORT,
            ValueType.bool(), false, "false", "Disable TLS certificate verification of the export endpoint (logged as a warning).");

    /** Flush strategy. */
    public static final Setting<FlushStrategy> FLUSH_STRATEGY = new Setting<>("LAMBDASCOPE_FLUSH", FLUSH,
            ValueType.choice(FlushStrategy.class), FlushStrategy.ADAPTIVE, "`adaptive`",
            "When buffered telemetry is exported.");
    /** Flush interval. */
    public static final Setting<Duration> FLUSH_INTERVAL = new Setting<>("LAMBDASCOPE_FLUSH_INTERVAL_MS", FLUSH,
            ValueType.millis(1, 3_600_000), Duration.ofMillis(20_000), "20000",
            "Interval of the `periodic` and `continuous` strategies, in milliseconds.");
    /** Items per export batch. */
    public static final Setting<Long> BATCH_MAX_ITEMS = new Setting<>("LAMBDASCOPE_BATCH_MAX_ITEMS", FLUSH,
            ValueType.integer(1, 100_000), 512L, "512", "Most items in one export batch.");
    /** Jitter of the batch size. */
    public static final Setting<Long> BATCH_JITTER_ITEMS = new Setting<>("LAMBDASCOPE_BATCH_JITTER_ITEMS", FLUSH,
            ValueType.integer(0, 100_000), 64L, "64", "Random jitter subtracted from the batch size, so that many environments do not export in step.");
    /** Memory bound of all buffers; its default depends on the function's memory ({@link #bufferMaxBytesFor}). */
    public static final Setting<Long> BUFFER_MAX_BYTES = new Setting<>("LAMBDASCOPE_BUFFER_MAX_BYTES", FLUSH,
            ValueType.bytes(64 * 1024, 64 * MIB), 8 * MIB, "8 MiB; 1/64 of the function's memory below 512 MB",
            "Bound of everything buffered, counted in protobuf bytes; past it the oldest items are dropped and counted. A full buffer takes a little more than this in the heap (items wait serialized once exports fall behind), and the extension's heap bound (96 MB) grows by as much as a bound above 8 MiB. By default a 64th of the function's memory (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`), at most 8 MiB: 2 MiB at 128 MB. Accepts `k`/`KiB` and `m`/`MiB` suffixes.");
    /** Time the extension may add to one invocation. */
    public static final Setting<Duration> OVERHEAD_BUDGET = new Setting<>("LAMBDASCOPE_OVERHEAD_BUDGET_MS", FLUSH,
            ValueType.millis(0, 60_000), Duration.ofMillis(50), "50",
            "Most time the extension may add to one invocation after the runtime is done; past it, export is deferred or dropped and counted.");
    /** Final flush share of the shutdown window. */
    public static final Setting<Duration> SHUTDOWN_FLUSH = new Setting<>("LAMBDASCOPE_SHUTDOWN_FLUSH_MS", FLUSH,
            ValueType.millis(0, 2000), Duration.ofMillis(1500), "1500", "Share of the shutdown window used for the final flush, in milliseconds.");

    /** Runtime API proxy on/off. */
    public static final Setting<Boolean> CAPTURE_ENABLED = new Setting<>("LAMBDASCOPE_CAPTURE", CAPTURE,
            ValueType.bool(), true, "true", "Runtime API proxy capture of every event and response.");
    /** Body capture. */
    public static final Setting<Boolean> CAPTURE_BODIES = new Setting<>("LAMBDASCOPE_CAPTURE_BODIES", CAPTURE,
            ValueType.bool(), false, "false", "Record request and response bodies.");
    /** Body cap. */
    public static final Setting<Long> CAPTURE_BODY_MAX_BYTES = new Setting<>("LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES", CAPTURE,
            ValueType.bytes(0, MIB), 8192L, "8192", "Cap per recorded body.");
    /** Runtime API proxy port. */
    public static final Setting<Integer> PROXY_PORT = new Setting<>("LAMBDASCOPE_PROXY_PORT", CAPTURE,
            ValueType.port(), 9009, "9009", "Port of the Runtime API proxy, on 127.0.0.1.");

    /** Extra headers to redact. */
    public static final Setting<List<String>> REDACT_HEADERS = new Setting<>("LAMBDASCOPE_REDACT_HEADERS", REDACTION,
            ValueType.nameList(), List.of(), "none",
            "Extra header names to redact; `authorization`, `cookie`, `set-cookie`, `x-api-key`, `proxy-authorization` and `x-amz-security-token` always are.");
    /** Attribute keys to drop. */
    public static final Setting<Optional<Pattern>> REDACT_ATTRIBUTES = new Setting<>("LAMBDASCOPE_REDACT_ATTRIBUTES", REDACTION,
            ValueType.optional(ValueType.regex()), Optional.empty(), "none",
            "Regular expression of attribute keys to drop (whole-key match) from everything exported: resources, spans, events, links, data points, exemplars and log records, the function's own telemetry included.");
    /** Query parameters to redact. */
    public static final Setting<List<String>> REDACT_QUERY = new Setting<>("LAMBDASCOPE_REDACT_QUERY", REDACTION,
            ValueType.nameList(), List.of(), "none", "Query parameter names whose values are redacted.");

    /** Telemetry API streams. */
    public static final Setting<List<TelemetryType>> TELEMETRY_TYPES = new Setting<>("LAMBDASCOPE_TELEMETRY_TYPES", TELEMETRY,
            ValueType.choiceList(TelemetryType.class),
            List.of(TelemetryType.PLATFORM, TelemetryType.FUNCTION, TelemetryType.EXTENSION), "`platform,function,extension`",
            "Telemetry API streams to subscribe to.");
    /** Telemetry API listener port. */
    public static final Setting<Integer> TELEMETRY_PORT = new Setting<>("LAMBDASCOPE_TELEMETRY_PORT", TELEMETRY,
            ValueType.port(), 4243, "4243", "Port of the Telemetry API listener, on sandbox.localdomain.");
    /** Log record cap. */
    public static final Setting<Long> LOG_MAX_BYTES = new Setting<>("LAMBDASCOPE_LOG_MAX_BYTES", TELEMETRY,
            ValueType.bytes(256, MIB), 32_768L, "32768", "Longer function and extension log records are truncated (UTF-8 safe).");

    /** Sampling rule. */
    public static final Setting<Sampling> SAMPLING_RULE = new Setting<>("LAMBDASCOPE_SAMPLING", SAMPLING,
            ValueType.sampling(), Sampling.ALL, "`all`", "Which invocations are traced.");

    /** Receiver on/off. */
    public static final Setting<Boolean> OTLP_RECEIVER = new Setting<>("LAMBDASCOPE_OTLP_RECEIVER", RECEIVER,
            ValueType.bool(), true, "true", "Local OTLP receiver for functions instrumented with an OpenTelemetry SDK.");
    /** OTLP/HTTP port. */
    public static final Setting<Integer> OTLP_HTTP_PORT = new Setting<>("LAMBDASCOPE_OTLP_HTTP_PORT", RECEIVER,
            ValueType.port(), 4318, "4318", "Port of the OTLP/HTTP receiver (protobuf and JSON), on 127.0.0.1.");
    /** OTLP/gRPC port. */
    public static final Setting<Integer> OTLP_GRPC_PORT = new Setting<>("LAMBDASCOPE_OTLP_GRPC_PORT", RECEIVER,
            ValueType.port(), 4317, "4317", "Port of the OTLP/gRPC receiver, on 127.0.0.1.");

    /** service.name. */
    public static final Setting<Optional<String>> SERVICE_NAME = new Setting<>("LAMBDASCOPE_SERVICE_NAME", GENERAL,
            ValueType.optional(ValueType.text()), Optional.empty(), "`OTEL_SERVICE_NAME`, else the function name",
            "`service.name` of everything the extension exports.");
    /** Function tags on the resource. */
    public static final Setting<Boolean> TAGS = new Setting<>("LAMBDASCOPE_TAGS", GENERAL,
            ValueType.bool(), false, "false", "Add the function's tags to the resource, under their own keys (needs `lambda:ListTags`, and `lambda:GetFunction` when Lambda does not give the account id); see [Function tags](#function-tags).");
    /** Own log level. */
    public static final Setting<LogLevel> LOG_LEVEL = new Setting<>("LAMBDASCOPE_LOG_LEVEL", GENERAL,
            ValueType.choice(LogLevel.class), LogLevel.INFO, "`info`", "The extension's own log level.");
    /** Steps aside. */
    public static final Setting<Boolean> DISABLED = new Setting<>("LAMBDASCOPE_DISABLED", GENERAL,
            ValueType.bool(), false, "false", "The wrapper and the extension step aside completely.");

    private static final List<Setting<?>> ALL = List.of(
            EXPORT_ENDPOINT, EXPORT_PROTOCOL, EXPORT_HEADERS, EXPORT_HEADERS_SECRET, EXPORT_COMPRESSION, EXPORT_TIMEOUT,
            CA_CERT_FILE, CA_CERT_B64, INSECURE_SKIP_VERIFY,
            FLUSH_STRATEGY, FLUSH_INTERVAL, BATCH_MAX_ITEMS, BATCH_JITTER_ITEMS, BUFFER_MAX_BYTES, OVERHEAD_BUDGET, SHUTDOWN_FLUSH,
            CAPTURE_ENABLED, CAPTURE_BODIES, CAPTURE_BODY_MAX_BYTES, PROXY_PORT,
            REDACT_HEADERS, REDACT_ATTRIBUTES, REDACT_QUERY,
            TELEMETRY_TYPES, TELEMETRY_PORT, LOG_MAX_BYTES,
            SAMPLING_RULE,
            OTLP_RECEIVER, OTLP_HTTP_PORT, OTLP_GRPC_PORT,
            SERVICE_NAME, TAGS, LOG_LEVEL, DISABLED);

    private Settings() {
    }

    /** Every setting, grouped by concern in table order. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /**
     * The buffer's bound when none is configured: a 64th of the function's memory, at most the
     * setting's default. Lambda counts the extension's memory against the function's, and a buffer
     * fills only while the backend is down, when nothing else gives the memory back.
     *
     * @param memoryMb the function's memory in MB, when Lambda said
     * @return the bound in bytes
     */
    static long bufferMaxBytesFor(OptionalLong memoryMb) {
        long most = BUFFER_MAX_BYTES.defaultValue();
        long mb = memoryMb.orElse(Long.MAX_VALUE);
        // From 512 MB up, a 64th is the most.
        return mb <= 0 || mb >= most / MIB * 64 ? most : mb * MIB / 64;
    }
}
