package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** samples/sam-app: the snippet, unchanged, in front of the Java sample behind a REST API. */
class SampleAppTest {
    private static final String HANDLER = "io.lambdascope.samples.apigw.ApiGatewayHandler::handleRequest";
    /** The newest class file version each Java runtime loads. */
    private static final Map<String, Integer> CLASS_VERSIONS = Map.of("java11", 55, "java17", 61, "java21", 65, "java25", 69);

    private static CdkView cdk;
    private static Map<String, Object> sample;
    private static Map<String, Object> snippet;

    @BeforeAll
    static void read() {
        cdk = CdkView.of(Project.sampleApp());
        sample = CfnYaml.read(Project.sampleApp());
        snippet = CfnYaml.read(Project.snippet());
    }

    @Test
    void cloudFormationValidatorFindsNothingWrong(@TempDir Path scratch) {
        assertEquals(List.of(), KnownFindings.unexpected(cdk.validationFindings(scratch)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void carriesTheSnippetUnchanged() {
        for (String section : List.of("Parameters", "Rules", "Mappings", "Conditions")) {
            Map<String, Object> expected = (Map<String, Object>) snippet.get(section);
            Map<String, Object> actual = (Map<String, Object>) sample.get(section);
            assertEquals(expected.keySet(), actual.keySet(), section);
            expected.forEach((name, value) -> assertEquals(value, actual.get(name), section + "." + name));
        }
        Map<String, Object> sampleGlobals = (Map<String, Object>) ((Map<String, Object>) sample.get("Globals")).get("Function");
        ((Map<String, Object>) ((Map<String, Object>) snippet.get("Globals")).get("Function"))
                .forEach((property, value) -> assertEquals(value, sampleGlobals.get(property), "Globals.Function." + property));
        assertEquals(resource(snippet, "LambdascopeFunctionPolicy"), resource(sample, "LambdascopeFunctionPolicy"));
        assertEquals(properties(snippet, "ExampleFunction").get("Policies"), properties(sample, "OrdersFunction").get("Policies"));
    }

    @Test
    void servesTheJavaSampleBehindARestApi() {
        cdk.template().hasResourceProperties("AWS::Serverless::Api", Map.of("StageName", "prod"));
        cdk.template().hasResource("AWS::Serverless::Function", Map.of(
                "Metadata", Map.of("SkipBuild", true),
                "Properties", Map.of(
                        "CodeUri", "../java-apigw-function/target/function",
                        "Handler", HANDLER,
                        "Events", Map.of("GetOrder", Map.of("Type", "Api", "Properties", Map.of(
                                "RestApiId", Map.of("Ref", "OrdersApi"), "Path", "/orders/{id}", "Method", "get"))))));
        // With Globals applied as the Serverless transform applies them, beside the function's own variable.
        Template.fromJSON(SamGlobals.apply(cdk.json())).hasResourceProperties("AWS::Serverless::Function", Map.of(
                "Runtime", "java25",
                "Layers", List.of(Map.of("Fn::If", List.of("LambdascopeLayerByArn", Map.of("Ref", "LambdascopeLayerArn"), Match.anyValue()))),
                "Environment", Map.of("Variables", Map.of("AWS_LAMBDA_EXEC_WRAPPER", SnippetTemplateTest.WRAPPER, "OTEL_SERVICE_NAME", "orders"))));
        cdk.template().hasOutput("OrderUrl", Map.of("Value", Match.objectLike(Map.of("Fn::Sub", Match.stringLikeRegexp(
                "https://\\$\\{OrdersApi}\\.execute-api\\..*/prod/orders/42")))));
    }

    @Test
    void runtimeLoadsTheClassesTheSampleIsCompiledTo() throws IOException {
        Path function = Project.sampleApp().getParent().resolve((String) properties(sample, "OrdersFunction").get("CodeUri")).normalize();
        Path jar = function.resolve("lib/java-apigw-function.jar");
        assumeTrue(Files.isRegularFile(jar), "build samples/java-apigw-function first: no " + jar);
        String runtime = (String) properties(sample, "OrdersFunction").get("Runtime");
        int classVersion;
        try (ZipFile zip = new ZipFile(jar.toFile());
                DataInputStream in = new DataInputStream(zip.getInputStream(zip.getEntry(
                        HANDLER.substring(0, HANDLER.indexOf("::")).replace('.', '/') + ".class")))) {
            in.readInt();
            in.readUnsignedShort();
            classVersion = in.readUnsignedShort();
        }
        assertTrue(CLASS_VERSIONS.containsKey(runtime), "not a Java runtime: " + runtime);
        assertTrue(classVersion <= CLASS_VERSIONS.get(runtime), "the handler is class file version " + classVersion + ", which "
                + runtime + " cannot load");
    }

    @Test
    void theFunctionGetsTheLayerTheWrapperAndTheSettingsBesideItsOwnVariables() {
        String arn = "arn:aws:lambda:eu-west-1:111122223333:layer:lambdascope-x86_64:3";
        Deployment stack = SnippetTemplateTest.deploy(SamGlobals.apply(sample), "eu-west-1", Map.of("LambdascopeLayerArn", arn,
                "LambdascopeExportEndpoint", "https://otlp.example.com", "LambdascopeFunctionTags", "true"));
        Map<String, Object> function = stack.properties("OrdersFunction").orElseThrow();
        assertEquals(List.of(arn), function.get("Layers"));
        assertEquals(List.of("x86_64"), function.get("Architectures"));
        assertEquals(Map.of("AWS_LAMBDA_EXEC_WRAPPER", SnippetTemplateTest.WRAPPER, "LAMBDASCOPE_EXPORT_ENDPOINT", "https://otlp.example.com",
                "LAMBDASCOPE_TAGS", "true", "OTEL_SERVICE_NAME", "orders"), SnippetTemplateTest.variables(function));
        assertEquals(List.of(new Deployment.ResourceRef("LambdascopeFunctionPolicy")), function.get("Policies"));
        assertEquals(List.of(Map.of("Effect", "Allow", "Action", List.of("lambda:GetFunction", "lambda:ListTags"),
                "Resource", "arn:aws:lambda:eu-west-1:111122223333:function:orders-app-*")), SnippetTemplateTest.statements(stack));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(Map<String, Object> template, String id) {
        return (Map<String, Object>) ((Map<String, Object>) template.get("Resources")).get(id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> template, String id) {
        return (Map<String, Object>) resource(template, id).get("Properties");
    }
}
