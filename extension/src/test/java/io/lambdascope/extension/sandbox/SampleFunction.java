package io.lambdascope.extension.sandbox;

import io.lambdascope.sandbox.Sandbox;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample Java function (samples/java-apigw-function, on the real AWS Lambda Java runtime
 * interface client) with the built x86_64 layer, as the sandbox integration tests run it.
 */
final class SampleFunction {

    static final Path LAYER = Path.of("target/layers/lambdascope-extension-x86_64.zip").toAbsolutePath();
    static final Path FUNCTION = Path.of("../samples/java-apigw-function/target/function").toAbsolutePath();
    static final String HANDLER = "io.lambdascope.samples.apigw.ApiGatewayHandler::handleRequest";
    /** An API Gateway REST event the sample answers. */
    static final String EVENT = """
            {"resource":"/orders","path":"/orders","httpMethod":"GET","headers":{"Accept":"application/json"},
             "requestContext":{"requestId":"c6af9ac6","stage":"prod"},"body":null,"isBase64Encoded":false}
            """;

    private SampleFunction() {
    }

    /** The sample with the layer, its runtime started through the layer's exec wrapper. */
    static Sandbox.Builder withLayer() {
        return withLayer(LAYER);
    }

    /** The same with the layer from another zip or a folder. */
    static Sandbox.Builder withLayer(Path layer) {
        assertTrue(Files.exists(layer), "the layer is built in the package phase: " + layer);
        assertTrue(Files.isExecutable(FUNCTION.resolve("bootstrap")), "the sample is built first: " + FUNCTION);
        return Sandbox.builder().layer(layer).functionDir(FUNCTION).handler(HANDLER)
                .env("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper");
    }
}
