package io.lambdascope.sandbox;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The environment variables of the environment's processes, built as Lambda builds them rather
 * than inherited: a process that works here must not depend on the developer's shell.
 */
final class ProcessEnvironment {

    private ProcessEnvironment() {
    }

    static Map<String, String> of(FunctionSettings function, Path opt, String runtimeApi) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", FunctionSettings.VERSION);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_REGION", function.region());
        env.put("AWS_DEFAULT_REGION", function.region());
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", function.functionDir().toString());
        env.put("LAMBDA_RUNTIME_DIR", function.functionDir().toString());
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
                + "/[" + FunctionSettings.VERSION + "]" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        // A Java runtime runs on the sandbox's own JDK unless the function names another.
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // The function's own variables win, as on Lambda, with /opt mapped to the sandbox's /opt.
        function.environment().forEach((name, value) -> env.put(name,
                value.equals("/opt") || value.startsWith("/opt/") ? opt + value.substring(4) : value));
        return env;
    }
}
