package io.lambdascope.cdk;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The environment the props call for, checked once, and what instrumenting one function means:
 * its checks, its layer, its variables and its grants.
 */
final class FunctionInstrumentation {
    /** Lambda's limit of layers per function. */
    static final int MAX_LAYERS = 5;
    static final String SDK_ENDPOINT = "http://localhost:4318";

    private final LambdascopeProps props;
    private final Map<String, String> environment;

    FunctionInstrumentation(LambdascopeProps props) {
        this.props = props;
        this.environment = Collections.unmodifiableMap(environment(props));
    }

    /** The variables of the props, in the order of docs/configuration.md; typed options win over extras. */
    private static Map<String, String> environment(LambdascopeProps props) {
        Map<String, String> env = new LinkedHashMap<>();
        if (props.getExportEndpoint() != null) {
            env.put("LAMBDASCOPE_EXPORT_ENDPOINT", endpoint(props.getExportEndpoint()));
        }
        putValue(env, "LAMBDASCOPE_EXPORT_PROTOCOL", props.getExportProtocol() == null ? null : props.getExportProtocol().value());
        if (props.getExportHeadersSecret() != null && props.getExportHeadersParameter() != null) {
            throw new IllegalArgumentException("lambdascope: give the export headers as a secret or as a parameter, not both");
        }
        if (props.getExportHeadersSecret() != null) {
            env.put("LAMBDASCOPE_EXPORT_HEADERS_SECRET", props.getExportHeadersSecret().getSecretArn());
        }
        if (props.getExportHeadersParameter() != null) {
            env.put("LAMBDASCOPE_EXPORT_HEADERS_SECRET", "ssm:" + props.getExportHeadersParameter().getParameterName());
        }
        putValue(env, "LAMBDASCOPE_EXPORT_COMPRESSION", props.getExportCompression() == null ? null : props.getExportCompression().value());
        putMillis(env, "LAMBDASCOPE_EXPORT_TIMEOUT_MS", "export timeout", props.getExportTimeout(), 1, Long.MAX_VALUE);
        putValue(env, "LAMBDASCOPE_FLUSH", props.getFlush() == null ? null : props.getFlush().value());
        putMillis(env, "LAMBDASCOPE_FLUSH_INTERVAL_MS", "flush interval", props.getFlushInterval(), 1, Long.MAX_VALUE);
        putMillis(env, "LAMBDASCOPE_OVERHEAD_BUDGET_MS", "overhead budget", props.getOverheadBudget(), 0, 60_000);
        putValue(env, "LAMBDASCOPE_CAPTURE", props.getCapture());
        putValue(env, "LAMBDASCOPE_CAPTURE_BODIES", props.getCaptureBodies());
        if (props.getCaptureBodyMaxBytes() != null && props.getCaptureBodyMaxBytes() < 1) {
            throw new IllegalArgumentException("lambdascope: the body capture cap must be at least 1 byte, got " + props.getCaptureBodyMaxBytes());
        }
        putValue(env, "LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES", props.getCaptureBodyMaxBytes());
        putValue(env, "LAMBDASCOPE_REDACT_HEADERS", props.getRedactHeaders() == null ? null : String.join(",", props.getRedactHeaders()));
        putValue(env, "LAMBDASCOPE_REDACT_ATTRIBUTES", props.getRedactAttributes());
        putValue(env, "LAMBDASCOPE_REDACT_QUERY", props.getRedactQuery() == null ? null : String.join(",", props.getRedactQuery()));
        putValue(env, "LAMBDASCOPE_SAMPLING", props.getSampling() == null ? null : props.getSampling().value());
        putValue(env, "LAMBDASCOPE_OTLP_RECEIVER", props.getOtlpReceiver());
        putValue(env, "LAMBDASCOPE_SERVICE_NAME", props.getServiceName());
        if (props.isFunctionTags()) {
            env.put("LAMBDASCOPE_TAGS", "true");
        }
        putValue(env, "LAMBDASCOPE_LOG_LEVEL", props.getLogLevel() == null ? null : props.getLogLevel().value());
        if (props.isConfigureFunctionSdk()) {
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", SDK_ENDPOINT);
        }
        props.getEnvironment().forEach((name, value) -> {
            if (name.equals("AWS_LAMBDA_EXEC_WRAPPER")) {
                throw new IllegalArgumentException("lambdascope: AWS_LAMBDA_EXEC_WRAPPER is set by lambdascope itself, got '" + value + "'");
            }
            env.putIfAbsent(name, value);
        });
        return env;
    }

    private static String endpoint(String url) {
        if (Token.isUnresolved(url)) {
            return url;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("lambdascope: the export endpoint must be an http(s) url, got '" + url + "'");
        }
        return url;
    }

    private static void putValue(Map<String, String> env, String name, Object value) {
        if (value != null) {
            env.put(name, value.toString());
        }
    }

    private static void putMillis(Map<String, String> env, String name, String what, Duration duration, long min, long max) {
        if (duration == null) {
            return;
        }
        double millis = duration.toMilliseconds().doubleValue();
        if (millis < min || millis > max) {
            throw new IllegalArgumentException("lambdascope: the " + what + " must be between " + min + " ms"
                    + (max == Long.MAX_VALUE ? "" : " and " + max + " ms") + ", got " + duration.toHumanString());
        }
        env.put(name, String.valueOf((long) millis));
    }

    void apply(Function function) {
        String name = "function " + function.getNode().getPath();
        Runtime runtime = function.getRuntime();
        if (runtime.getName().equals(Runtime.FROM_IMAGE.getName())) {
            error(function, name + " is a container image, and lambda does not add layers to images: copy the layer's tree"
                    + " into the image's /opt instead (extension/README.md, 'using the layer')");
            return;
        }
        Map<String, Object> current = variables(function);
        Object wrapper = current.get("AWS_LAMBDA_EXEC_WRAPPER");
        List<Object> layers = layers(function);
        if (Lambdascope.WRAPPER.equals(wrapper) || layers.stream().anyMatch(arn -> arn instanceof String s && s.contains(":layer:lambdascope"))) {
            error(function, name + " is already instrumented with lambdascope; instrument each function once");
            return;
        }
        if (wrapper != null) {
            error(function, name + " already has the exec wrapper '" + wrapper + "', and lambdascope needs its own ("
                    + Lambdascope.WRAPPER + "); remove the other instrumentation or leave the function out");
            return;
        }
        if (layers.size() + 1 > MAX_LAYERS) {
            error(function, name + " would have " + (layers.size() + 1) + " layers with lambdascope's; lambda allows at most " + MAX_LAYERS);
            return;
        }
        ILayerVersion layer;
        try {
            layer = props.getLayers().layerFor(function, function.getArchitecture());
        } catch (IllegalArgumentException e) {
            error(function, name + " (" + function.getArchitecture().getName() + "): " + e.getMessage());
            return;
        }
        try {
            function.addLayers(layer);
        } catch (RuntimeException e) {
            // CDK refuses a layer that does not list the function's runtime; its message names both.
            error(function, name + ": " + e.getMessage().lines().findFirst().orElse("").strip());
            return;
        }

        if (runtime.getName().startsWith("provided")) {
            Annotations.of(function).addWarningV2("lambdascope:providedRuntime", name + " runs on " + runtime.getName()
                    + ", which ignores AWS_LAMBDA_EXEC_WRAPPER: its bootstrap must start the runtime through " + Lambdascope.WRAPPER
                    + " for capture to work (extension/README.md, 'the exec wrapper'); platform telemetry and the receiver work regardless");
        } else {
            function.addEnvironment("AWS_LAMBDA_EXEC_WRAPPER", Lambdascope.WRAPPER);
        }
        environment.forEach((variable, value) -> {
            if (!current.containsKey(variable)) {
                function.addEnvironment(variable, value);
            }
        });
        grant(function, name);
    }

    private void grant(Function function, String name) {
        if (props.getExportHeadersSecret() != null) {
            props.getExportHeadersSecret().grantRead(function);
        }
        if (props.getExportHeadersParameter() != null) {
            props.getExportHeadersParameter().grantRead(function);
        }
        if (props.isFunctionTags()) {
            IRole role = function.getRole();
            if (role == null) {
                Annotations.of(function).addWarningV2("lambdascope:tagsGrant", name
                        + " has no role this app can change: grant it lambda:GetFunction and lambda:ListTags on itself");
                return;
            }
            // A policy of its own, not the role's default policy: the function depends on its role's
            // default policy, so a statement there naming the function's ARN would be a cycle.
            Policy.Builder.create(function, "LambdascopeTags")
                    .statements(List.of(PolicyStatement.Builder.create()
                            .actions(List.of("lambda:GetFunction", "lambda:ListTags"))
                            .resources(List.of(function.getFunctionArn()))
                            .build()))
                    .roles(List.of(role))
                    .build();
        }
    }

    private static void error(Function function, String message) {
        Annotations.of(function).addError("lambdascope: " + message);
    }

    /** The function's variables so far, as the template will have them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Function function) {
        Object resolved = Stack.of(function).resolve(cfn(function).getEnvironment());
        if (resolved instanceof Map<?, ?> environment) {
            Object variables = environment.containsKey("variables") ? environment.get("variables") : environment.get("Variables");
            if (variables instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        }
        return Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> layers(Function function) {
        Object resolved = Stack.of(function).resolve(cfn(function).getLayers());
        return resolved instanceof List<?> list ? (List<Object>) list : List.of();
    }

    private static CfnFunction cfn(Function function) {
        return (CfnFunction) function.getNode().getDefaultChild();
    }
}
