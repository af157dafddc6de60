package io.lambdascope.extension.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.extension.fake.FakeLambda;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtensionsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeLambda lambda;
    private ExtensionsApi api;

    @BeforeEach
    void start() throws Exception {
        lambda = new FakeLambda();
        api = ExtensionsApi.at(lambda.address());
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    @Test
    void registersForInvokeAndShutdownUnderItsName() throws Exception {
        Registration registration = api.register("lambdascope");

        FakeLambda.Call call = lambda.awaitCall("/2020-01-01/extension/register");
        assertEquals("POST", call.method());
        assertEquals("lambdascope", call.header("Lambda-Extension-Name"));
        assertEquals("accountId", call.header("Lambda-Extension-Accept-Feature"));
        assertEquals(JSON.readTree("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}"), JSON.readTree(call.body()));
        assertEquals(new Registration(FakeLambda.EXTENSION_ID, "orders", "$LATEST", "orders.Handler::handleRequest",
                Optional.of("123456789012")), registration);
        assertEquals(Optional.of(FakeLambda.EXTENSION_ID), api.extensionId());
    }

    @Test
    void readsInvokeThenShutdownCarryingTheIdentifier() throws Exception {
        api.register("lambdascope");
        lambda.invoke("8476a536-e9f4-11e8-9739-2dfe598c3fcd");
        lambda.shutdown();

        LifecycleEvent.Invoke invoke = assertInstanceOf(LifecycleEvent.Invoke.class, api.next());
        assertEquals("8476a536-e9f4-11e8-9739-2dfe598c3fcd", invoke.requestId());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:orders", invoke.invokedFunctionArn());
        assertEquals(Optional.of("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"), invoke.tracing());
        assertTrue(invoke.deadlineMs() > 0);
        LifecycleEvent.Shutdown shutdown = assertInstanceOf(LifecycleEvent.Shutdown.class, api.next());
        assertEquals("spindown", shutdown.reason());

        lambda.awaitCall("/2020-01-01/extension/register");
        FakeLambda.Call next = lambda.awaitCall("/2020-01-01/extension/event/next");
        assertEquals("GET", next.method());
        assertEquals(FakeLambda.EXTENSION_ID, next.header("Lambda-Extension-Identifier"));
    }

    @Test
    void reportsInitAndExitErrors() throws Exception {
        api.register("lambdascope");
        api.initError("Extension.StartFailure", "port 4243 is taken");
        api.exitError("Extension.EventFailure", "event/next answered 500");

        FakeLambda.Call init = lambda.awaitCall("/2020-01-01/extension/init/error");
        assertEquals("POST", init.method());
        assertEquals(FakeLambda.EXTENSION_ID, init.header("Lambda-Extension-Identifier"));
        assertEquals("Extension.StartFailure", init.header("Lambda-Extension-Function-Error-Type"));
        JsonNode body = JSON.readTree(init.body());
        assertEquals("port 4243 is taken", body.path("errorMessage").asText());
        assertEquals("Extension.StartFailure", body.path("errorType").asText());
        FakeLambda.Call exit = lambda.awaitCall("/2020-01-01/extension/exit/error");
        assertEquals("Extension.EventFailure", exit.header("Lambda-Extension-Function-Error-Type"));
        assertEquals("event/next answered 500", JSON.readTree(exit.body()).path("errorMessage").asText());
    }

    @Test
    void failsWhenLambdaAnswersAnError() {
        api.register("lambdascope");
        lambda.failNext();

        ExtensionsApiException failure = assertThrows(ExtensionsApiException.class, api::next);
        assertTrue(failure.getMessage().contains("500"), failure.getMessage());
    }

    @Test
    void failsWhenCalledBeforeRegister() {
        assertThrows(ExtensionsApiException.class, api::next);
    }
}
