package io.lambdascope.extension.lifecycle;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Client of Lambda's Extensions API at {@code http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension}:
 * register, the {@code event/next} long poll, and error reports. One instance per extension process;
 * {@link #next()} is meant to be called from one thread.
 */
public final class ExtensionsApi {

    /** Header naming the extension at register. */
    public static final String NAME_HEADER = "Lambda-Extension-Name";
    /** Header carrying the identifier Lambda assigned at register. */
    public static final String IDENTIFIER_HEADER = "Lambda-Extension-Identifier";
    /** Header asking for optional register response fields. */
    public static final String ACCEPT_FEATURE_HEADER = "Lambda-Extension-Accept-Feature";
    /** Header carrying the error type of an error report. */
    public static final String ERROR_TYPE_HEADER = "Lambda-Extension-Function-Error-Type";

    /** The API's path, from the root of {@code AWS_LAMBDA_RUNTIME_API}. */
    private static final String BASE = "/2020-01-01/extension/";

    private final LambdaApiClient client;
    private final AtomicReference<String> extensionId = new AtomicReference<>();

    private ExtensionsApi(LambdaApiClient client) {
        this.client = client;
    }

    /**
     * A client of the API at the given address.
     *
     * @param runtimeApi {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}
     * @return the client
     * @throws IllegalArgumentException when the address is not {@code host:port}
     */
    public static ExtensionsApi at(String runtimeApi) {
        return new ExtensionsApi(LambdaApiClient.of(runtimeApi));
    }

    /** The HTTP client, shared with the other Lambda APIs on the same address. */
    public LambdaApiClient client() {
        return client;
    }

    /** The identifier from register, once registered. */
    public Optional<String> extensionId() {
        return Optional.ofNullable(extensionId.get());
    }

    /**
     * Registers for INVOKE and SHUTDOWN events.
     *
     * @param name the extension's name: the file name of its executable in {@code extensions/}
     * @return what Lambda said about the function
     * @throws ExtensionsApiException when Lambda refuses or cannot be reached
     */
    public Registration register(String name) {
        LambdaApiClient.Answer answer = send("POST", "register",
                Map.of(NAME_HEADER, name, ACCEPT_FEATURE_HEADER, "accountId"), "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}");
        String id = answer.header(IDENTIFIER_HEADER)
                .orElseThrow(() -> new ExtensionsApiException("register answered without " + IDENTIFIER_HEADER));
        extensionId.set(id);
        ApiJson body = parse(answer.body(), "register");
        return new Registration(id, body.textOrEmpty("functionName"), body.textOrEmpty("functionVersion"),
                body.textOrEmpty("handler"), body.text("accountId"));
    }

    /**
     * Waits for the next event. The call has no timeout: Lambda answers when an invocation starts
     * or the environment shuts down, and freezes the process in between.
     *
     * @return the event
     * @throws ExtensionsApiException when Lambda answers with an error or an unknown event
     */
    public LifecycleEvent next() {
        ApiJson event = parse(send("GET", "event/next", Map.of(IDENTIFIER_HEADER, registeredId()), null).body(), "event/next");
        long deadlineMs = event.number("deadlineMs", 0);
        return switch (event.textOrEmpty("eventType")) {
            case "INVOKE" -> new LifecycleEvent.Invoke(event.textOrEmpty("requestId"), deadlineMs,
                    event.textOrEmpty("invokedFunctionArn"), event.text("tracing.value"));
            case "SHUTDOWN" -> new LifecycleEvent.Shutdown(event.textOrEmpty("shutdownReason"), deadlineMs);
            default -> throw new ExtensionsApiException("event/next answered an unknown event: \"" + event.textOrEmpty("eventType") + "\"");
        };
    }

    /**
     * Reports that the extension failed to start; Lambda then fails the init phase with this error.
     *
     * @param errorType {@code Extension.<Reason>}, such as {@code Extension.StartFailed}
     * @param message what went wrong
     * @throws ExtensionsApiException when the report cannot be delivered
     */
    public void initError(String errorType, String message) {
        reportError("init/error", errorType, message);
    }

    /**
     * Reports that the extension is about to exit because of an error.
     *
     * @param errorType {@code Extension.<Reason>}
     * @param message what went wrong
     * @throws ExtensionsApiException when the report cannot be delivered
     */
    public void exitError(String errorType, String message) {
        reportError("exit/error", errorType, message);
    }

    private void reportError(String path, String errorType, String message) {
        String body = ApiJson.write(json -> {
            json.writeStringField("errorMessage", message);
            json.writeStringField("errorType", errorType);
        });
        send("POST", path, Map.of(IDENTIFIER_HEADER, registeredId(), ERROR_TYPE_HEADER, errorType), body);
    }

    private String registeredId() {
        return extensionId().orElseThrow(() -> new ExtensionsApiException("the extension has not registered"));
    }

    private LambdaApiClient.Answer send(String method, String path, Map<String, String> headers, String json) {
        LambdaApiClient.Answer answer;
        try {
            answer = client.send(method, BASE + path, headers, json);
        } catch (IOException e) {
            throw new ExtensionsApiException(path + " failed: " + e, e);
        }
        if (answer.status() / 100 != 2) {
            throw new ExtensionsApiException("%s answered %d: %s".formatted(path, answer.status(), answer.body()));
        }
        return answer;
    }

    private static ApiJson parse(String body, String what) {
        try {
            return ApiJson.read(body);
        } catch (IOException e) {
            throw new ExtensionsApiException(what + " answered malformed JSON", e);
        }
    }
}
