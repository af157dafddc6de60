package io.lambdascope.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox runs: the function, its layers and Lambda's settings for it. Immutable;
 * made by {@link Sandbox.Builder}.
 *
 * @param layers layer zips or folders, merged in order into the folder standing for /opt
 * @param functionDir the function's code: LAMBDA_TASK_ROOT and the runtime's working directory
 * @param bootstrap the runtime's command, started through AWS_LAMBDA_EXEC_WRAPPER when set
 * @param customRuntime an OS-only ({@code provided.*}) runtime: as on Lambda, AWS_LAMBDA_EXEC_WRAPPER
 *     is not applied to it
 * @param handler _HANDLER
 * @param environment the function's own variables; a value starting with /opt/ is rewritten
 *     to the sandbox's /opt folder, so {@code AWS_LAMBDA_EXEC_WRAPPER=/opt/...} works as on Lambda
 * @param shutdownTimeout how long extensions have after SHUTDOWN before they are killed
 */
public record FunctionSettings(List<Path> layers, Path functionDir, List<String> bootstrap, boolean customRuntime, String handler,
        Map<String, String> environment, String functionName, String region, String accountId, int memoryMb,
        Duration timeout, Duration initTimeout, Duration shutdownTimeout) {

    /** The function's version, as an unpublished function's. */
    public static final String VERSION = "$LATEST";

    public FunctionSettings {
        layers = List.copyOf(layers);
        bootstrap = List.copyOf(bootstrap);
        environment = Map.copyOf(environment);
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("memory must be 128 to 10240 MB, not " + memoryMb);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }

    /** The ARN Lambda would give the function. */
    public String functionArn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }
}
