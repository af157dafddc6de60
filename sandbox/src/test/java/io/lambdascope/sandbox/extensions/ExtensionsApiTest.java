package io.lambdascope.sandbox.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.http.RawHttp;
import io.lambdascope.sandbox.http.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Extensions API on a real server, driven over a socket the way an extension drives it. */
class ExtensionsApiTest {

    private static final String PREFIX = "/2020-01-01/extension/";
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BOTH = "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}".getBytes(StandardCharsets.UTF_8);

    private ExtensionsApi api;
    private HttpServer server;
    private String address;

    @BeforeEach
    void start() throws IOException {
        api = new ExtensionsApi(InstantSource.system(),
                new ExtensionsApi.FunctionMetadata("orders", "$LATEST", "example.Orders::handleRequest", "123456789012"),
                Set.of("recorder", "collector"));
        server = HttpServer.start(InetAddress.getLoopbackAddress(), 0, exchange -> {
            if (!api.handle(exchange)) {
                exchange.respond(404, "text/plain", "not the Extensions API".getBytes(StandardCharsets.UTF_8));
            }
        });
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    private RawHttp.Response call(String method, String route, Map<String, String> headers, byte[] body) throws IOException {
        try (RawHttp http = new RawHttp(address, BOUND)) {
            return http.exchange(method, PREFIX + route, headers, body);
        }
    }

    private RawHttp.Response register(String name, byte[] events) throws IOException {
        return call("POST", "register", Map.of("Lambda-Extension-Name", name), events);
    }

    private String registered(String name, byte[] events) throws IOException {
        RawHttp.Response answer = register(name, events);
        assertEquals(200, answer.status(), answer.text());
        return answer.header("Lambda-Extension-Identifier");
    }

    private CompletableFuture<RawHttp.Response> next(String id) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call("GET", "event/next", Map.of("Lambda-Extension-Identifier", id), new byte[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static JsonNode json(RawHttp.Response response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static Map<String, Object> invoke(String requestId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventType", "INVOKE");
        event.put("requestId", requestId);
        return event;
    }

    @Test
    void registerAnswersWithAnIdentifierAndTheFunctionsMetadata() throws Exception {
        RawHttp.Response answer = register("recorder", BOTH);
        assertEquals(200, answer.status());
        String id = answer.header("Lambda-Extension-Identifier");
        assertFalse(id.isBlank());
        JsonNode metadata = json(answer);
        assertEquals("orders", metadata.get("functionName").asText());
        assertEquals("$LATEST", metadata.get("functionVersion").asText());
        assertEquals("example.Orders::handleRequest", metadata.get("handler").asText());
        assertFalse(metadata.has("accountId"), "accountId only for an extension that asks for it");

        RegisteredExtension extension = api.byIdentifier(id).orElseThrow();
        assertEquals("recorder", extension.name());
        assertEquals(List.of("INVOKE", "SHUTDOWN"), extension.events());
        assertTrue(extension.external(), "an executable of extensions/ is an external extension");
        assertFalse(extension.ready().isDone());
    }

    @Test
    void registerAddsTheAccountIdForAnExtensionThatAcceptsIt() throws Exception {
        RawHttp.Response answer = call("POST", "register",
                Map.of("Lambda-Extension-Name", "collector", "Lambda-Extension-Accept-Feature", "accountId"), BOTH);
        assertEquals("123456789012", json(answer).get("accountId").asText());
    }

    @Test
    void registerRefusesAMissingNameUnknownEventsAndABodyThatIsNotJson() throws Exception {
        RawHttp.Response noName = call("POST", "register", Map.of(), BOTH);
        assertEquals(400, noName.status());
        assertEquals("InvalidRequest", json(noName).get("errorType").asText());
        RawHttp.Response badEvent = register("recorder", "{\"events\":[\"INVOKE\",\"RESTORE\"]}".getBytes());
        assertEquals(400, badEvent.status());
        assertEquals("InvalidEventType", json(badEvent).get("errorType").asText());
        assertEquals(400, register("recorder", "events: INVOKE".getBytes()).status());
        assertTrue(api.registered().isEmpty());
    }

    @Test
    void aNameRegisteredTwiceIs409() throws Exception {
        registered("recorder", BOTH);
        RawHttp.Response again = register("recorder", BOTH);
        assertEquals(409, again.status());
        assertEquals("Extension.AlreadyRegistered", json(again).get("errorType").asText());
    }

    @Test
    void registrationAfterInitIs403() throws Exception {
        api.closeRegistration();
        RawHttp.Response late = register("recorder", BOTH);
        assertEquals(403, late.status());
        assertEquals("Extension.InvalidState", json(late).get("errorType").asText());
    }

    @Test
    void anExtensionNotNamedAfterAnExecutableIsInternalAndCannotHaveShutdown() throws Exception {
        RawHttp.Response refused = register("in-process-agent", BOTH);
        assertEquals(400, refused.status());
        assertEquals("ShutdownEventNotSupportedForInternalExtension", json(refused).get("errorType").asText());
        String id = registered("in-process-agent", "{\"events\":[\"INVOKE\"]}".getBytes());
        assertFalse(api.byIdentifier(id).orElseThrow().external());
    }

    @Test
    void aMissingOrUnknownIdentifierIs403() throws Exception {
        registered("recorder", BOTH);
        RawHttp.Response missing = call("GET", "event/next", Map.of(), new byte[0]);
        assertEquals(403, missing.status());
        assertEquals("Extension.MissingExtensionIdentifier", json(missing).get("errorType").asText());
        Map<String, String> unknown = Map.of("Lambda-Extension-Identifier", "3f1d3c0e-0000-0000-0000-000000000000");
        for (String[] route : List.of(new String[] {"GET", "event/next"}, new String[] {"POST", "init/error"},
                new String[] {"POST", "exit/error"})) {
            RawHttp.Response answer = call(route[0], route[1], unknown, new byte[0]);
            assertEquals(403, answer.status(), route[1]);
            assertEquals("Extension.UnknownExtensionIdentifier", json(answer).get("errorType").asText());
        }
    }

    @Test
    void eventsReachOnlyExtensionsRegisteredForThemInTheOrderSent() throws Exception {
        String both = registered("recorder", BOTH);
        String shutdownOnly = registered("collector", "{\"events\":[\"SHUTDOWN\"]}".getBytes());
        api.broadcast("INVOKE", invoke("r1"));
        api.broadcast("INVOKE", invoke("r2"));
        api.broadcast("SHUTDOWN", Map.of("eventType", "SHUTDOWN", "shutdownReason", "spindown", "deadlineMs", 42));

        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawHttp.Response event = next(both).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, event.status());
            assertFalse(event.header("Lambda-Extension-Event-Identifier").isBlank());
            JsonNode json = json(event);
            seen.add(json.get("eventType").asText() + ":" + json.path("requestId").asText(json.path("shutdownReason").asText()));
        }
        assertEquals(List.of("INVOKE:r1", "INVOKE:r2", "SHUTDOWN:spindown"), seen);

        JsonNode shutdown = json(next(shutdownOnly).get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertEquals("SHUTDOWN", shutdown.get("eventType").asText());
        assertEquals(42, shutdown.get("deadlineMs").asLong());
        assertEquals(List.of("INVOKE", "INVOKE", "SHUTDOWN"), api.byIdentifier(both).orElseThrow().received());
        assertEquals(List.of("SHUTDOWN"), api.byIdentifier(shutdownOnly).orElseThrow().received());
        assertEquals(List.of("recorder"), api.registeredFor("INVOKE").stream().map(RegisteredExtension::name).toList());
    }

    @Test
    void anExtensionIsReadyAtItsFirstNextAndIdleWhenItAsksAgainAfterAnEvent() throws Exception {
        String id = registered("recorder", BOTH);
        RegisteredExtension extension = api.byIdentifier(id).orElseThrow();
        CompletableFuture<RawHttp.Response> first = next(id);
        extension.ready().get(BOUND.toSeconds(), TimeUnit.SECONDS);

        api.broadcast("INVOKE", invoke("r1"));
        assertFalse(extension.idle().isDone(), "busy from the moment an event is queued for it");
        assertEquals("r1", json(first.get(BOUND.toSeconds(), TimeUnit.SECONDS)).get("requestId").asText());
        CompletableFuture<RawHttp.Response> second = next(id);
        extension.idle().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertFalse(second.isDone());
        api.close();
        assertThrows(Exception.class, () -> second.get(BOUND.toSeconds(), TimeUnit.SECONDS),
                "closing ends the long poll without an event");
    }

    @Test
    void awaitRegisteredReturnsOnceEnoughHaveRegisteredOrAfterItsTimeout() throws Exception {
        assertFalse(api.awaitRegistered(1, Duration.ofMillis(20)));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return api.awaitRegistered(2, BOUND);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        registered("recorder", BOTH);
        registered("collector", BOTH);
        assertTrue(waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of("recorder", "collector"), api.registered().stream().map(RegisteredExtension::name).toList());
    }

    @Test
    void initAndExitErrorsAreAcceptedAndKeepTheirTypes() throws Exception {
        String id = registered("recorder", BOTH);
        RawHttp.Response init = call("POST", "init/error", Map.of("Lambda-Extension-Identifier", id,
                "Lambda-Extension-Function-Error-Type", "Extension.ConfigInvalid"), "{\"errorMessage\":\"no endpoint\"}".getBytes());
        assertEquals(202, init.status());
        RawHttp.Response exit = call("POST", "exit/error", Map.of("Lambda-Extension-Identifier", id), new byte[0]);
        assertEquals(202, exit.status());
        RegisteredExtension extension = api.byIdentifier(id).orElseThrow();
        assertEquals("Extension.ConfigInvalid", extension.initError().orElseThrow());
        assertEquals("Extension.Unknown", extension.exitError().orElseThrow());
    }

    @Test
    void otherExtensionRoutesAre404() throws Exception {
        RawHttp.Response answer = call("GET", "register", Map.of(), new byte[0]);
        assertEquals(404, answer.status());
        assertEquals("NotFound", json(answer).get("errorType").asText());
        try (RawHttp http = new RawHttp(address, BOUND)) {
            assertEquals("not the Extensions API",
                    http.exchange("GET", "/2018-06-01/runtime/invocation/next", Map.of(), new byte[0]).text());
        }
    }
}
