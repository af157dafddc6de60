package io.lambdascope.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.ssm.IStringParameter;

/**
 * How {@link Lambdascope} instruments functions. Every option but the layer source is optional;
 * an option left unset is not written to the function, so the extension's own default applies
 * (docs/configuration.md). A variable the user already set on a function always keeps its value.
 */
public final class LambdascopeProps {
    private final LayerSource layers;
    private final String exportEndpoint;
    private final ExportProtocol exportProtocol;
    private final ISecret exportHeadersSecret;
    private final IStringParameter exportHeadersParameter;
    private final ExportCompression exportCompression;
    private final Duration exportTimeout;
    private final FlushStrategy flush;
    private final Duration flushInterval;
    private final Duration overheadBudget;
    private final Boolean capture;
    private final Boolean captureBodies;
    private final Integer captureBodyMaxBytes;
    private final List<String> redactHeaders;
    private final List<String> redactQuery;
    private final String redactAttributes;
    private final Sampling sampling;
    private final boolean functionTags;
    private final String serviceName;
    private final LogLevel logLevel;
    private final Boolean otlpReceiver;
    private final boolean configureFunctionSdk;
    private final Map<String, String> environment;

    private LambdascopeProps(Builder b) {
        this.layers = Objects.requireNonNull(b.layers, "lambdascope: the layer source is required (LambdascopeLayers, LayerSource.fromArns or LayerSource.fromManifest)");
        this.exportEndpoint = b.exportEndpoint;
        this.exportProtocol = b.exportProtocol;
        this.exportHeadersSecret = b.exportHeadersSecret;
        this.exportHeadersParameter = b.exportHeadersParameter;
        this.exportCompression = b.exportCompression;
        this.exportTimeout = b.exportTimeout;
        this.flush = b.flush;
        this.flushInterval = b.flushInterval;
        this.overheadBudget = b.overheadBudget;
        this.capture = b.capture;
        this.captureBodies = b.captureBodies;
        this.captureBodyMaxBytes = b.captureBodyMaxBytes;
        this.redactHeaders = b.redactHeaders;
        this.redactQuery = b.redactQuery;
        this.redactAttributes = b.redactAttributes;
        this.sampling = b.sampling;
        this.functionTags = b.functionTags;
        this.serviceName = b.serviceName;
        this.logLevel = b.logLevel;
        this.otlpReceiver = b.otlpReceiver;
        this.configureFunctionSdk = b.configureFunctionSdk;
        this.environment = Map.copyOf(b.environment);
    }

    /**
     * Gets the option.
     *
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Gets the option.
     *
     * @return where each architecture's layer comes from
     */
    public LayerSource getLayers() {
        return layers;
    }

    /**
     * Gets the option.
     *
     * @return the OTLP/HTTP endpoint, or {@code null}
     */
    public String getExportEndpoint() {
        return exportEndpoint;
    }

    /**
     * Gets the option.
     *
     * @return the export protocol, or {@code null}
     */
    public ExportProtocol getExportProtocol() {
        return exportProtocol;
    }

    /**
     * Gets the option.
     *
     * @return the secret holding the export headers, or {@code null}
     */
    public ISecret getExportHeadersSecret() {
        return exportHeadersSecret;
    }

    /**
     * Gets the option.
     *
     * @return the SSM parameter holding the export headers, or {@code null}
     */
    public IStringParameter getExportHeadersParameter() {
        return exportHeadersParameter;
    }

    /**
     * Gets the option.
     *
     * @return the export compression, or {@code null}
     */
    public ExportCompression getExportCompression() {
        return exportCompression;
    }

    /**
     * Gets the option.
     *
     * @return the timeout of one export request, or {@code null}
     */
    public Duration getExportTimeout() {
        return exportTimeout;
    }

    /**
     * Gets the option.
     *
     * @return the flush strategy, or {@code null}
     */
    public FlushStrategy getFlush() {
        return flush;
    }

    /**
     * Gets the option.
     *
     * @return the flush interval, or {@code null}
     */
    public Duration getFlushInterval() {
        return flushInterval;
    }

    /**
     * Gets the option.
     *
     * @return the overhead budget, or {@code null}
     */
    public Duration getOverheadBudget() {
        return overheadBudget;
    }

    /**
     * Gets the option.
     *
     * @return whether the Runtime API proxy captures events and responses, or {@code null}
     */
    public Boolean getCapture() {
        return capture;
    }

    /**
     * Gets the option.
     *
     * @return whether request and response bodies are recorded, or {@code null}
     */
    public Boolean getCaptureBodies() {
        return captureBodies;
    }

    /**
     * Gets the option.
     *
     * @return the cap per recorded body, or {@code null}
     */
    public Integer getCaptureBodyMaxBytes() {
        return captureBodyMaxBytes;
    }

    /**
     * Gets the option.
     *
     * @return extra header names to redact, or {@code null}
     */
    public List<String> getRedactHeaders() {
        return redactHeaders;
    }

    /**
     * Gets the option.
     *
     * @return query parameter names whose values are redacted, or {@code null}
     */
    public List<String> getRedactQuery() {
        return redactQuery;
    }

    /**
     * Gets the option.
     *
     * @return the regular expression of attribute keys to drop, or {@code null}
     */
    public String getRedactAttributes() {
        return redactAttributes;
    }

    /**
     * Gets the option.
     *
     * @return the sampling, or {@code null}
     */
    public Sampling getSampling() {
        return sampling;
    }

    /**
     * Gets the option.
     *
     * @return whether the function's tags are added to its resource
     */
    public boolean isFunctionTags() {
        return functionTags;
    }

    /**
     * Gets the option.
     *
     * @return the service name, or {@code null}
     */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * Gets the option.
     *
     * @return the extension's log level, or {@code null}
     */
    public LogLevel getLogLevel() {
        return logLevel;
    }

    /**
     * Gets the option.
     *
     * @return whether the local OTLP receiver runs, or {@code null}
     */
    public Boolean getOtlpReceiver() {
        return otlpReceiver;
    }

    /**
     * Gets the option.
     *
     * @return whether the function's OpenTelemetry SDK is pointed at the extension
     */
    public boolean isConfigureFunctionSdk() {
        return configureFunctionSdk;
    }

    /**
     * Gets the option.
     *
     * @return further variables to set
     */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** Builds {@link LambdascopeProps}. */
    public static final class Builder {
        private LayerSource layers;
        private String exportEndpoint;
        private ExportProtocol exportProtocol;
        private ISecret exportHeadersSecret;
        private IStringParameter exportHeadersParameter;
        private ExportCompression exportCompression;
        private Duration exportTimeout;
        private FlushStrategy flush;
        private Duration flushInterval;
        private Duration overheadBudget;
        private Boolean capture;
        private Boolean captureBodies;
        private Integer captureBodyMaxBytes;
        private List<String> redactHeaders;
        private List<String> redactQuery;
        private String redactAttributes;
        private Sampling sampling;
        private boolean functionTags;
        private String serviceName;
        private LogLevel logLevel;
        private Boolean otlpReceiver;
        private boolean configureFunctionSdk;
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Where each architecture's layer comes from. Required.
         *
         * @param source {@link LambdascopeLayers}, {@link LayerSource#fromArns} or {@link LayerSource#fromManifest}
         * @return this builder
         */
        public Builder layers(LayerSource source) {
            this.layers = source;
            return this;
        }

        /**
         * The OTLP/HTTP base URL the extension exports to ({@code LAMBDASCOPE_EXPORT_ENDPOINT}).
         * {@code @default} none: telemetry is written to the extension's log as OTLP JSON lines.
         *
         * @param url an {@code http://} or {@code https://} URL
         * @return this builder
         */
        public Builder exportEndpoint(String url) {
            this.exportEndpoint = url;
            return this;
        }

        /**
         * {@code @default} {@link ExportProtocol#HTTP_PROTOBUF}
         *
         * @param protocol wire format of export requests
         * @return this builder
         */
        public Builder exportProtocol(ExportProtocol protocol) {
            this.exportProtocol = protocol;
            return this;
        }

        /**
         * A Secrets Manager secret whose value is the export headers ({@code k=v,k2=v2}) or a bare
         * token. The function is granted read on it, and decrypt on its KMS key.
         * {@code @default} none
         *
         * @param secret the secret
         * @return this builder
         */
        public Builder exportHeadersSecret(ISecret secret) {
            this.exportHeadersSecret = secret;
            return this;
        }

        /**
         * An SSM parameter (a SecureString, typically) holding the export headers, instead of a
         * secret. The function is granted read on it. {@code @default} none
         *
         * @param parameter the parameter
         * @return this builder
         */
        public Builder exportHeadersParameter(IStringParameter parameter) {
            this.exportHeadersParameter = parameter;
            return this;
        }

        /**
         * {@code @default} {@link ExportCompression#GZIP}
         *
         * @param compression compression of export bodies
         * @return this builder
         */
        public Builder exportCompression(ExportCompression compression) {
            this.exportCompression = compression;
            return this;
        }

        /**
         * {@code @default} 2 seconds
         *
         * @param timeout time allowed for one export request
         * @return this builder
         */
        public Builder exportTimeout(Duration timeout) {
            this.exportTimeout = timeout;
            return this;
        }

        /**
         * {@code @default} {@link FlushStrategy#ADAPTIVE}
         *
         * @param strategy when buffered telemetry is exported
         * @return this builder
         */
        public Builder flush(FlushStrategy strategy) {
            this.flush = strategy;
            return this;
        }

        /**
         * {@code @default} 20 seconds
         *
         * @param interval interval of the periodic and continuous strategies
         * @return this builder
         */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = interval;
            return this;
        }

        /**
         * {@code @default} 50 milliseconds
         *
         * @param budget most time the extension may add to one invocation (at most 60 seconds)
         * @return this builder
         */
        public Builder overheadBudget(Duration budget) {
            this.overheadBudget = budget;
            return this;
        }

        /**
         * {@code @default} true
         *
         * @param capture whether the Runtime API proxy captures every event and response
         * @return this builder
         */
        public Builder capture(boolean capture) {
            this.capture = capture;
            return this;
        }

        /**
         * {@code @default} false
         *
         * @param captureBodies whether request and response bodies are recorded
         * @return this builder
         */
        public Builder captureBodies(boolean captureBodies) {
            this.captureBodies = captureBodies;
            return this;
        }

        /**
         * {@code @default} 8192
         *
         * @param bytes cap per recorded body
         * @return this builder
         */
        public Builder captureBodyMaxBytes(int bytes) {
            this.captureBodyMaxBytes = bytes;
            return this;
        }

        /**
         * Header names to redact besides those always redacted (authorization, cookies, API keys).
         * {@code @default} none
         *
         * @param names header names
         * @return this builder
         */
        public Builder redactHeaders(List<String> names) {
            this.redactHeaders = List.copyOf(names);
            return this;
        }

        /**
         * {@code @default} none
         *
         * @param names query parameter names whose values are redacted
         * @return this builder
         */
        public Builder redactQuery(List<String> names) {
            this.redactQuery = List.copyOf(names);
            return this;
        }

        /**
         * {@code @default} none
         *
         * @param regex regular expression of attribute keys to drop from all telemetry
         * @return this builder
         */
        public Builder redactAttributes(String regex) {
            this.redactAttributes = regex;
            return this;
        }

        /**
         * {@code @default} {@link Sampling#all()}
         *
         * @param sampling which invocations are traced
         * @return this builder
         */
        public Builder sampling(Sampling sampling) {
            this.sampling = sampling;
            return this;
        }

        /**
         * Adds the function's tags to its telemetry resource, granting {@code lambda:GetFunction} and
         * {@code lambda:ListTags} on the function itself. {@code @default} false
         *
         * @param functionTags whether to read the function's tags
         * @return this builder
         */
        public Builder functionTags(boolean functionTags) {
            this.functionTags = functionTags;
            return this;
        }

        /**
         * {@code @default} {@code OTEL_SERVICE_NAME}, else the function's name
         *
         * @param serviceName {@code service.name} of the function's telemetry
         * @return this builder
         */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /**
         * {@code @default} {@link LogLevel#INFO}
         *
         * @param level the extension's own log level
         * @return this builder
         */
        public Builder logLevel(LogLevel level) {
            this.logLevel = level;
            return this;
        }

        /**
         * {@code @default} true
         *
         * @param otlpReceiver whether the local OTLP receiver (4318 HTTP, 4317 gRPC) runs
         * @return this builder
         */
        public Builder otlpReceiver(boolean otlpReceiver) {
            this.otlpReceiver = otlpReceiver;
            return this;
        }

        /**
         * Sets {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318} so that an OpenTelemetry SDK
         * in the function exports to the extension. {@code @default} false: SDKs already default
         * to that address
         *
         * @param configure whether to point the function's SDK at the extension
         * @return this builder
         */
        public Builder configureFunctionSdk(boolean configure) {
            this.configureFunctionSdk = configure;
            return this;
        }

        /**
         * A further variable, for settings without a typed option (docs/configuration.md).
         * Typed options win over it. {@code @default} none
         *
         * @param name variable name
         * @param value its value
         * @return this builder
         */
        public Builder environment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        /**
     * Gets the option.
     *
     * @return the props
     */
        public LambdascopeProps build() {
            return new LambdascopeProps(this);
        }
    }
}
