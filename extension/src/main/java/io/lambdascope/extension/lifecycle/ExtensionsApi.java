package io.lambdascope.extension.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

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

    /** Created on first use, after the register request has gone out: it loads hundreds of classes. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final HttpClient client;
    private final URI base;
    private final AtomicReference<String> extensionId = new AtomicReference<>();

    private ExtensionsApi(HttpClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    /**
     * A client of the API at the given address.
     *
     * @param runtimeApi {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}
     * @return the client
     */
    public static ExtensionsApi at(String runtimeApi) {
        // HTTP/1.1 only: the Runtime API does not speak HTTP/2, and an upgrade attempt is wasted work.
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(plainHttpOnly())
                .build();
        return new ExtensionsApi(client, URI.create("http://" + runtimeApi + "/2020-01-01/extension/"));
    }

    /**
     * The Lambda APIs are plain HTTP. Without a context of its own, the client would build the
     * JDK's default one, reading and parsing every trusted CA certificate before the register
     * request: most of a second of start-up on a small function. This context trusts nothing, so
     * any https use of this client fails instead of going unverified.
     */
    private static SSLContext plainHttpOnly() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[0], null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS implementation", e);
        }
    }

    /** The HTTP client, shared with the other Lambda APIs on the same address. */
    public HttpClient client() {
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
        HttpRequest request = HttpRequest.newBuilder(base.resolve("register"))
                .header(NAME_HEADER, name)
                .header(ACCEPT_FEATURE_HEADER, "accountId")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}"))
                .build();
        HttpResponse<String> response = send(request, "register");
        String id = response.headers().firstValue(IDENTIFIER_HEADER)
                .orElseThrow(() -> new ExtensionsApiException("register answered without " + IDENTIFIER_HEADER));
        extensionId.set(id);
        JsonNode body = parse(response.body(), "register");
        return new Registration(id, body.path("functionName").asText(""), body.path("functionVersion").asText(""),
                body.path("handler").asText(""), text(body, "accountId"));
    }

    /**
     * Waits for the next event. The call has no timeout: Lambda answers when an invocation starts
     * or the environment shuts down, and freezes the process in between.
     *
     * @return the event
     * @throws ExtensionsApiException when Lambda answers with an error or an unknown event
     */
    public LifecycleEvent next() {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("event/next"))
                .header(IDENTIFIER_HEADER, registeredId())
                .GET()
                .build();
        JsonNode event = parse(send(request, "event/next").body(), "event/next");
        long deadlineMs = event.path("deadlineMs").asLong(0);
        return switch (event.path("eventType").asText("")) {
            case "INVOKE" -> new LifecycleEvent.Invoke(event.path("requestId").asText(""), deadlineMs,
                    event.path("invokedFunctionArn").asText(""), text(event.path("tracing"), "value"));
            case "SHUTDOWN" -> new LifecycleEvent.Shutdown(event.path("shutdownReason").asText(""), deadlineMs);
            default -> throw new ExtensionsApiException("event/next answered an unknown event: " + event.path("eventType"));
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
        ObjectNode body = Json.MAPPER.createObjectNode().put("errorMessage", message).put("errorType", errorType);
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header(IDENTIFIER_HEADER, registeredId())
                .header(ERROR_TYPE_HEADER, errorType)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        send(request, path);
    }

    private String registeredId() {
        return extensionId().orElseThrow(() -> new ExtensionsApiException("the extension has not registered"));
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExtensionsApiException(what + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtensionsApiException(what + " was interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ExtensionsApiException("%s answered %d: %s".formatted(what, response.statusCode(), response.body()));
        }
        return response;
    }

    private static JsonNode parse(String body, String what) {
        try {
            return body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ExtensionsApiException(what + " answered malformed JSON", e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isEmpty());
    }
}
