package io.lambdascope.sandbox.extensions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.http.BodyTooLargeException;
import io.lambdascope.sandbox.http.HttpExchange;
import io.lambdascope.sandbox.runtime.ErrorBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Extensions API, version 2020-01-01: extensions register for INVOKE and SHUTDOWN, then
 * long-poll {@code event/next}; they report failures with {@code init/error} and {@code exit/error}.
 */
public final class ExtensionsApi {

    private static final String PREFIX = "/2020-01-01/extension/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EVENT_TYPES = Set.of("INVOKE", "SHUTDOWN");

    /** What register answers with: the function's metadata. */
    public record FunctionMetadata(String functionName, String functionVersion, String handler, String accountId) {
    }

    private final InstantSource clock;
    private final FunctionMetadata metadata;
    private final Set<String> executables;
    private final Map<String, RegisteredExtension> byId = new ConcurrentHashMap<>();
    private volatile boolean registrationOpen = true;
    private volatile boolean closed;

    /** @param executables file names in the layer's {@code extensions/}: the external extensions */
    public ExtensionsApi(InstantSource clock, FunctionMetadata metadata, Set<String> executables) {
        this.clock = clock;
        this.metadata = metadata;
        this.executables = Set.copyOf(executables);
    }

    /** Every extension registered so far, in registration order. */
    public List<RegisteredExtension> registered() {
        List<RegisteredExtension> all = new ArrayList<>(byId.values());
        all.sort((a, b) -> a.registered().compareTo(b.registered()));
        return all;
    }

    /** The extension with this identifier, if one registered. */
    public Optional<RegisteredExtension> byIdentifier(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Waits until {@code count} extensions have registered, or {@code timeout} passes.
     *
     * @return whether they all registered
     */
    public boolean awaitRegistered(int count, java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (byId) {
            while (byId.size() < count) {
                long left = end - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(byId, left);
            }
            return true;
        }
    }

    /** Lambda takes registrations only during init. */
    public void closeRegistration() {
        registrationOpen = false;
    }

    /** Sends an event to every extension registered for its type. */
    public void broadcast(String type, Map<String, Object> event) {
        byte[] json = toJson(event);
        for (RegisteredExtension extension : registered()) {
            if (extension.wants(type)) {
                extension.deliver(type, json);
            }
        }
    }

    /** Extensions registered for {@code type}. */
    public Collection<RegisteredExtension> registeredFor(String type) {
        return registered().stream().filter(e -> e.wants(type)).toList();
    }

    /** Ends the long polls: the environment is going away. */
    public void close() {
        closed = true;
        synchronized (byId) {
            byId.notifyAll();
        }
    }

    /** Serves {@code exchange} if it is an Extensions API request; false when it is not one. */
    public boolean handle(HttpExchange exchange) throws InterruptedException, IOException {
        String path = exchange.path();
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        String route = exchange.method() + " " + path.substring(PREFIX.length());
        switch (route) {
            case "POST register" -> register(exchange);
            case "GET event/next" -> identified(exchange).ifPresent(extension -> next(exchange, extension));
            case "POST init/error" -> identified(exchange).ifPresent(extension -> {
                extension.initError(errorType(exchange));
                accepted(exchange);
            });
            case "POST exit/error" -> identified(exchange).ifPresent(extension -> {
                extension.exitError(errorType(exchange));
                accepted(exchange);
            });
            default -> ErrorBody.respond(exchange, 404, "NotFound", route + " is not an Extensions API route");
        }
        return true;
    }

    private void register(HttpExchange exchange) throws IOException {
        Optional<String> name = exchange.header("Lambda-Extension-Name").map(String::trim).filter(n -> !n.isEmpty());
        if (name.isEmpty()) {
            ErrorBody.respond(exchange, 400, "InvalidRequest", "Lambda-Extension-Name header is missing");
            return;
        }
        if (!registrationOpen) {
            ErrorBody.respond(exchange, 403, "Extension.InvalidState", "extensions register only during init");
            return;
        }
        boolean duplicate = byId.values().stream().anyMatch(e -> e.name().equals(name.get()));
        if (duplicate) {
            ErrorBody.respond(exchange, 409, "Extension.AlreadyRegistered", name.get() + " is already registered");
            return;
        }
        List<String> events = new ArrayList<>();
        try {
            JsonNode body = JSON.readTree(exchange.readBody(64 * 1024));
            for (JsonNode event : body.path("events")) {
                events.add(event.asText());
            }
        } catch (BodyTooLargeException | IOException e) {
            ErrorBody.respond(exchange, 400, "InvalidRequest", "register body is not JSON with an events list");
            return;
        }
        if (!EVENT_TYPES.containsAll(events)) {
            ErrorBody.respond(exchange, 400, "InvalidEventType", "events must be INVOKE and/or SHUTDOWN, not " + events);
            return;
        }
        boolean external = executables.contains(name.get());
        if (!external && events.contains("SHUTDOWN")) {
            ErrorBody.respond(exchange, 400, "ShutdownEventNotSupportedForInternalExtension",
                    name.get() + " is not an executable in extensions/, so it cannot register for SHUTDOWN");
            return;
        }
        String id = UUID.randomUUID().toString();
        synchronized (byId) {
            byId.put(id, new RegisteredExtension(name.get(), id, events, external, clock.instant()));
            byId.notifyAll();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("functionName", metadata.functionName());
        answer.put("functionVersion", metadata.functionVersion());
        answer.put("handler", metadata.handler());
        if (exchange.header("Lambda-Extension-Accept-Feature").filter(f -> f.contains("accountId")).isPresent()) {
            answer.put("accountId", metadata.accountId());
        }
        exchange.respond(200, Map.of("Lambda-Extension-Identifier", id), "application/json", toJson(answer));
    }

    private void next(HttpExchange exchange, RegisteredExtension extension) {
        extension.calledNext(clock.instant());
        try {
            byte[] event = null;
            while (event == null) {
                if (closed) {
                    exchange.abort();
                    return;
                }
                event = extension.queue().poll(100, TimeUnit.MILLISECONDS);
            }
            exchange.respond(200, Map.of("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString()),
                    "application/json", event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.abort();
        }
    }

    /**
     * The extension named by the request's Lambda-Extension-Identifier; when there is none, the
     * request has been answered with 403, as Lambda answers it.
     */
    public Optional<RegisteredExtension> identified(HttpExchange exchange) {
        Optional<String> id = exchange.header("Lambda-Extension-Identifier");
        if (id.isEmpty()) {
            ErrorBody.respond(exchange, 403, "Extension.MissingExtensionIdentifier",
                    "Lambda-Extension-Identifier header is missing");
            return Optional.empty();
        }
        RegisteredExtension extension = byId.get(id.get());
        if (extension == null) {
            ErrorBody.respond(exchange, 403, "Extension.UnknownExtensionIdentifier",
                    "no extension registered as " + id.get());
        }
        return Optional.ofNullable(extension);
    }

    private static String errorType(HttpExchange exchange) {
        try {
            exchange.readBody(1024 * 1024);
        } catch (BodyTooLargeException ignored) {
            // the type is in the header; an oversized body does not change it
        }
        return exchange.header("Lambda-Extension-Function-Error-Type").orElse("Extension.Unknown");
    }

    private static void accepted(HttpExchange exchange) {
        exchange.respond(202, "application/json", "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs the JSON that register reads and writes once, with nothing registered: the first
     * register of a fresh JVM otherwise spends tens of milliseconds loading and linking it, time
     * Lambda's always-running control plane does not take.
     */
    public static void warmUp() {
        try {
            JSON.readTree("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}".getBytes(StandardCharsets.UTF_8)).path("events");
        } catch (IOException e) {
            throw new IllegalStateException("the register body cannot be read", e);
        }
        toJson(Map.of("functionName", "", "functionVersion", "", "handler", ""));
    }

    static byte[] toJson(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }
}
