package io.lambdascope.sandbox.runtime;

import io.lambdascope.sandbox.http.BodyTooLargeException;
import io.lambdascope.sandbox.http.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Runtime API, version 2018-06-01, as Lambda documents it: the runtime long-polls
 * {@code invocation/next}, answers each invocation with {@code /response} (buffered or streamed)
 * or {@code /error}, and reports a failed start with {@code init/error}.
 */
public final class RuntimeApi {

    /** Lambda's limit on a buffered response. */
    public static final long MAX_BUFFERED_RESPONSE = 6 * 1024 * 1024;
    /** Lambda's limit on a streamed response. */
    public static final long MAX_STREAMED_RESPONSE = 20 * 1024 * 1024;

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern ANSWER = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");
    private static final long MAX_ERROR_BODY = 1024 * 1024;

    /** An error the runtime reported: its type and body. */
    public record ReportedError(String errorType, byte[] body) {
    }

    private final InstantSource clock;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> invocations = new ConcurrentHashMap<>();
    private final CompletableFuture<java.time.Instant> firstNext = new CompletableFuture<>();
    private final CompletableFuture<ReportedError> initError = new CompletableFuture<>();
    private volatile boolean closed;

    public RuntimeApi(InstantSource clock) {
        this.clock = clock;
    }

    /** Queues an invocation for the runtime's next {@code invocation/next}. */
    public Invocation submit(Invocation.Request request) {
        Invocation invocation = new Invocation(request);
        invocations.put(request.requestId(), invocation);
        pending.add(invocation);
        return invocation;
    }

    /** Completes when the runtime first asks for an invocation: the end of its init. */
    public CompletableFuture<java.time.Instant> firstNext() {
        return firstNext;
    }

    /** Completes when the runtime reports {@code init/error}. */
    public CompletableFuture<ReportedError> initError() {
        return initError;
    }

    /** Ends the long polls of a runtime that is going away. */
    public void close() {
        closed = true;
    }

    /** Serves {@code exchange} if it is a Runtime API request; false when it is not one. */
    public boolean handle(HttpExchange exchange) throws InterruptedException, IOException {
        String path = exchange.path();
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        Matcher answer = ANSWER.matcher(path);
        if (path.equals(PREFIX + "invocation/next") && exchange.method().equals("GET")) {
            next(exchange);
        } else if (answer.matches() && exchange.method().equals("POST")) {
            Invocation invocation = invocations.get(answer.group(1));
            if (invocation == null || invocation.outcome().isDone()) {
                ErrorBody.respond(exchange, 400, "InvalidRequestID",
                        "no invocation " + answer.group(1) + " is waiting for an answer");
            } else if (answer.group(2).equals("response")) {
                response(exchange, invocation);
            } else {
                error(exchange, invocation);
            }
        } else if (path.equals(PREFIX + "init/error") && exchange.method().equals("POST")) {
            initError.complete(reported(exchange));
            accepted(exchange);
        } else {
            ErrorBody.respond(exchange, 404, "NotFound", exchange.method() + " " + path + " is not a Runtime API route");
        }
        return true;
    }

    private void next(HttpExchange exchange) throws InterruptedException {
        firstNext.complete(clock.instant());
        Invocation invocation = null;
        while (invocation == null) {
            if (closed) {
                exchange.abort();
                return;
            }
            invocation = pending.poll(100, TimeUnit.MILLISECONDS);
        }
        Invocation.Request request = invocation.request();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Lambda-Runtime-Aws-Request-Id", request.requestId());
        headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(request.deadlineMs()));
        headers.put("Lambda-Runtime-Invoked-Function-Arn", request.invokedFunctionArn());
        headers.put("Lambda-Runtime-Trace-Id", request.traceHeader());
        request.clientContext().ifPresent(value -> headers.put("Lambda-Runtime-Client-Context", value));
        request.cognitoIdentity().ifPresent(value -> headers.put("Lambda-Runtime-Cognito-Identity", value));
        invocation.received(clock.instant());
        exchange.respond(200, headers, "application/json", request.event());
    }

    private void response(HttpExchange exchange, Invocation invocation) throws IOException {
        boolean streamed = exchange.header("Lambda-Runtime-Function-Response-Mode")
                .filter(mode -> mode.equalsIgnoreCase("streaming")).isPresent();
        if (streamed) {
            streamedResponse(exchange, invocation);
            return;
        }
        try {
            invocation.responseStarted(clock.instant());
            byte[] body = exchange.readBody(MAX_BUFFERED_RESPONSE);
            invocation.producedBytes(body.length);
            invocation.outcome().complete(new Invocation.Outcome.Response(body, false));
            accepted(exchange);
        } catch (BodyTooLargeException e) {
            invocation.fail("error", "Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_BUFFERED_RESPONSE + " bytes).");
            ErrorBody.respond(exchange, 413, "RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (" + MAX_BUFFERED_RESPONSE + " bytes).");
        }
    }

    // A streamed response ends with trailers: an error that happens mid-stream cannot change the
    // status already sent, so the runtime reports it there.
    private void streamedResponse(HttpExchange exchange, Invocation invocation) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long total = 0;
        byte[] buffer = new byte[16 * 1024];
        InputStream body = exchange.body();
        for (int n; (n = body.read(buffer)) >= 0; ) {
            invocation.responseStarted(clock.instant());
            if (total + n <= MAX_STREAMED_RESPONSE) {
                kept.write(buffer, 0, n);
            }
            total += n;
        }
        invocation.producedBytes(total);
        Optional<String> errorType = trailer(exchange, "lambda-runtime-function-error-type");
        if (errorType.isPresent()) {
            byte[] errorBody = trailer(exchange, "lambda-runtime-function-error-body")
                    .map(value -> decodeOrRaw(value)).orElse(new byte[0]);
            invocation.outcome().complete(new Invocation.Outcome.Error("error", errorType.get(), errorBody));
        } else if (total > MAX_STREAMED_RESPONSE) {
            invocation.fail("error", "Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_STREAMED_RESPONSE + " bytes).");
        } else {
            invocation.outcome().complete(new Invocation.Outcome.Response(kept.toByteArray(), true));
        }
        accepted(exchange);
    }

    private void error(HttpExchange exchange, Invocation invocation) {
        ReportedError reported = reported(exchange);
        invocation.responseStarted(clock.instant());
        invocation.outcome().complete(new Invocation.Outcome.Error("error", reported.errorType(), reported.body()));
        accepted(exchange);
    }

    private static ReportedError reported(HttpExchange exchange) {
        String type = exchange.header("Lambda-Runtime-Function-Error-Type").orElse("Unhandled");
        byte[] body;
        try {
            body = exchange.readBody(MAX_ERROR_BODY);
        } catch (BodyTooLargeException e) {
            body = ErrorBody.json(type, "error body over " + MAX_ERROR_BODY + " bytes");
        }
        return new ReportedError(type, body);
    }

    private static Optional<String> trailer(HttpExchange exchange, String name) {
        List<String> values = exchange.trailers().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    private static byte[] decodeOrRaw(String value) {
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static void accepted(HttpExchange exchange) {
        exchange.respond(202, "application/json", "{\"status\":\"OK\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
