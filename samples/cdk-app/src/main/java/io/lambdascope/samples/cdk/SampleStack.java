package io.lambdascope.samples.cdk;

import io.lambdascope.cdk.Lambdascope;
import io.lambdascope.cdk.LambdascopeLayers;
import io.lambdascope.cdk.LambdascopeLayersProps;
import io.lambdascope.cdk.LambdascopeProps;
import io.lambdascope.cdk.LayerManifest;
import io.lambdascope.cdk.LayerSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * An HTTP API in front of a Java function and a Python function, both on arm64, instrumented
 * with Lambdascope stack-wide.
 *
 * <p>Context values ({@code -c name=value}, or cdk.json):
 * <ul>
 *   <li>{@code otlpEndpoint}: where the extension exports; without it, telemetry goes to the
 *       functions' logs as OTLP JSON lines;</li>
 *   <li>{@code layersDir}: the built layer zips, published into the stack's account
 *       (default {@code ../../extension/target/layers});</li>
 *   <li>{@code layerManifest} and {@code layerVersion}: use a published release from the layer
 *       manifest instead of publishing the zips;</li>
 *   <li>{@code allowNotForRelease}: accept a layer zip its build marked not for release.</li>
 * </ul>
 */
public final class SampleStack extends Stack {

    public SampleStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);

        Function orders = Function.Builder.create(this, "Orders")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .memorySize(1024)
                .timeout(Duration.seconds(10))
                .handler("io.lambdascope.samples.apigw.ApiGatewayHandler::handleRequest")
                // The Java sample as Lambda unpacks it: its jar and dependencies under lib/.
                .code(Code.fromAsset(context("javaFunction", "../java-apigw-function/target/function")))
                .build();
        Function greeter = Function.Builder.create(this, "Greeter")
                .runtime(Runtime.PYTHON_3_13)
                .architecture(Architecture.ARM_64)
                .handler("handler.handler")
                .code(Code.fromAsset("functions/python"))
                .build();

        HttpApi api = HttpApi.Builder.create(this, "Api").build();
        api.addRoutes(AddRoutesOptions.builder().path("/orders/{id}").methods(List.of(HttpMethod.GET))
                .integration(HttpLambdaIntegration.Builder.create("OrdersIntegration", orders)
                        .payloadFormatVersion(PayloadFormatVersion.VERSION_1_0).build())
                .build());
        api.addRoutes(AddRoutesOptions.builder().path("/hello").methods(List.of(HttpMethod.GET))
                .integration(new HttpLambdaIntegration("GreeterIntegration", greeter))
                .build());

        LambdascopeProps.Builder lambdascope = LambdascopeProps.builder().layers(layers());
        String endpoint = (String) getNode().tryGetContext("otlpEndpoint");
        if (endpoint != null) {
            lambdascope.exportEndpoint(endpoint);
        }
        new Lambdascope(this, "Lambdascope", lambdascope.build()).instrumentAll(this);

        CfnOutput.Builder.create(this, "ApiUrl").value(api.getApiEndpoint()).build();
    }

    /** The layers: a release from the manifest when one is named, else published from the built zips. */
    private LayerSource layers() {
        String manifest = (String) getNode().tryGetContext("layerManifest");
        if (manifest != null) {
            return LayerSource.fromManifest(LayerManifest.read(Path.of(manifest)), context("layerVersion", null));
        }
        Path dir = Path.of(context("layersDir", "../../extension/target/layers"));
        LambdascopeLayersProps.Builder zips = LambdascopeLayersProps.builder()
                .allowNotForRelease(Boolean.parseBoolean(context("allowNotForRelease", "false")));
        for (String arch : List.of("x86_64", "arm64")) {
            Path zip = dir.resolve("lambdascope-extension-" + arch + ".zip");
            if (Files.isRegularFile(zip)) {
                if (arch.equals("arm64")) {
                    zips.arm64Zip(zip.toString());
                } else {
                    zips.x86_64Zip(zip.toString());
                }
            }
        }
        return new LambdascopeLayers(this, "LambdascopeLayers", zips.build());
    }

    private String context(String name, String fallback) {
        Object value = getNode().tryGetContext(name);
        if (value == null && fallback == null) {
            throw new IllegalArgumentException("lambdascope sample: set the context value " + name + " (-c " + name + "=...)");
        }
        return value == null ? fallback : value.toString();
    }
}
