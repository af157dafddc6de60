package io.lambdascope.sandbox.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Java function run by the real AWS Lambda runtime interface client that does what its event
 * says, so one runtime can echo, fail, hang, crash and log across invocations:
 * {@code {"do":"echo"}}, {@code {"do":"throw","message":...}}, {@code {"do":"sleep","ms":...}},
 * {@code {"do":"exit","code":...}},
 * {@code {"do":"await-change","file":...,"from":...}}.
 */
public final class ScriptedFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The variables the echo reports, as the runtime process sees them. */
    static final List<String> ECHOED_VARIABLES = List.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_REGION", "_HANDLER", "LAMBDA_TASK_ROOT", "AWS_LAMBDA_RUNTIME_API",
            "AWS_LAMBDA_EXEC_WRAPPER", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "TZ", "HOME",
            "WRAPPED_BY", "FUNCTION_SETTING", "OPT_DATA");

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String action = String.valueOf(event.getOrDefault("do", "echo"));
        switch (action) {
            case "throw" -> throw new IllegalStateException(String.valueOf(event.get("message")));
            case "sleep" -> sleep(number(event, "ms"));
            case "exit" -> System.exit((int) number(event, "code"));
            case "await-change" -> {
                return Map.of("changedTo", awaitChange(Path.of(String.valueOf(event.get("file"))),
                        String.valueOf(event.get("from"))));
            }
            default -> {
            }
        }
        return echo(event, context);
    }

    private static Map<String, Object> echo(Map<String, Object> event, Context context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("event", event);
        answer.put("requestId", context.getAwsRequestId());
        answer.put("functionArn", context.getInvokedFunctionArn());
        answer.put("functionName", context.getFunctionName());
        answer.put("remainingMs", context.getRemainingTimeInMillis());
        answer.put("traceHeader", String.valueOf(System.getProperty("com.amazonaws.xray.traceHeader")));
        if (context.getClientContext() != null) {
            answer.put("clientCustom", context.getClientContext().getCustom());
        }
        Map<String, String> variables = new LinkedHashMap<>();
        ECHOED_VARIABLES.forEach(name -> variables.put(name, String.valueOf(System.getenv(name))));
        answer.put("env", variables);
        return answer;
    }

    // Bounded: a frozen writer must not hang the invocation past its own deadline.
    private static String awaitChange(Path file, String from) {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            String now = read(file);
            if (!now.isEmpty() && !now.equals(from)) {
                return now;
            }
            sleep(2);
        }
        return from;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static long number(Map<String, Object> event, String key) {
        return ((Number) event.get(key)).longValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
