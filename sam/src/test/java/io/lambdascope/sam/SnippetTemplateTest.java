package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * sam/snippet.yaml, a whole template: every function gets the layer, the wrapper and the
 * settings through Globals, and the permissions those settings need through the policy it lists.
 * The functions are checked as the Serverless transform leaves them, Globals applied, and then as
 * CloudFormation resolves them for given parameter values.
 */
class SnippetTemplateTest {
    static final String ARN = "arn:aws:lambda:eu-west-1:111122223333:layer:lambdascope-x86_64:3";
    static final String WRAPPER = "/opt/lambdascope-wrapper";
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:otlp/headers-AbC123";
    static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static CdkView cdk;
    private static Map<String, Object> functions;

    @BeforeAll
    static void read() {
        cdk = CdkView.of(Project.snippet());
        functions = SamGlobals.apply(CfnYaml.read(Project.snippet()));
    }

    static Deployment deploy(Map<String, Object> template, String region, Map<String, String> parameters) {
        Deployment stack = new Deployment(template, region, parameters);
        assertEquals(List.of(), stack.parameterErrors());
        assertEquals(List.of(), stack.ruleFailures());
        return stack;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> variables(Map<String, Object> function) {
        return (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
    }

    @Test
    void cloudFormationValidatorFindsNothingWrong(@TempDir Path scratch) {
        assertEquals(List.of(), KnownFindings.unexpected(cdk.validationFindings(scratch)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void globalsHoldOnlyWhatSamAcceptsForFunctions() {
        Map<String, Object> globals = (Map<String, Object>) CfnYaml.read(Project.snippet()).get("Globals");
        assertEquals(List.of("Function"), List.copyOf(globals.keySet()));
        Map<String, Object> function = (Map<String, Object>) globals.get("Function");
        assertTrue(SamGlobals.FUNCTION_PROPERTIES.containsAll(function.keySet()), "not accepted in Globals: " + function.keySet());
    }

    @Test
    void cdkLeavesGlobalsToTheTransformAndTheFunctionsGetThemOnceApplied() {
        // CfnInclude copies Globals through as an unknown section and leaves the functions as written.
        assertTrue(cdk.json().containsKey("Globals"));
        cdk.template().hasResourceProperties("AWS::Serverless::Function", Match.objectLike(Map.of("Layers", Match.absent(),
                "Environment", Match.absent())));

        Template applied = Template.fromJSON(SamGlobals.apply(cdk.json()));
        applied.hasResourceProperties("AWS::Serverless::Function", Map.of(
                "Architectures", List.of(Map.of("Ref", "LambdascopeArchitecture")),
                "Layers", List.of(Map.of("Fn::If", List.of("LambdascopeLayerByArn", Map.of("Ref", "LambdascopeLayerArn"), Match.anyValue()))),
                "Environment", Map.of("Variables", Map.of(
                        "AWS_LAMBDA_EXEC_WRAPPER", WRAPPER,
                        "LAMBDASCOPE_FLUSH", Map.of("Fn::If", List.of("LambdascopeHasFlush", Map.of("Ref", "LambdascopeFlush"),
                                Map.of("Ref", "AWS::NoValue"))))),
                "Policies", List.of(Map.of("Fn::If", List.of("LambdascopeNeedsPolicy", Map.of("Ref", "LambdascopeFunctionPolicy"),
                        Map.of("Ref", "AWS::NoValue"))))));
    }

    @Test
    void withOnlyALayerArnFunctionsGetTheLayerAndTheWrapperAndNoPolicy() {
        Deployment stack = deploy(functions, "eu-west-1", Map.of("LambdascopeLayerArn", ARN));
        Map<String, Object> function = stack.properties("ExampleFunction").orElseThrow();
        assertEquals(List.of(ARN), function.get("Layers"));
        assertEquals(List.of("x86_64"), function.get("Architectures"));
        assertEquals(Map.of("AWS_LAMBDA_EXEC_WRAPPER", WRAPPER), variables(function));
        assertEquals(List.of(), function.get("Policies"));
        assertTrue(stack.properties("LambdascopeFunctionPolicy").isEmpty());
    }

    @Test
    void everyOptionBecomesItsVariableAndThePermissionsItNeeds() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("LambdascopeLayerArn", "arn:aws:lambda:eu-west-1:111122223333:layer:lambdascope-arm64:3");
        parameters.put("LambdascopeArchitecture", "arm64");
        parameters.put("LambdascopeExportEndpoint", "https://otlp.example.com:4318/base");
        parameters.put("LambdascopeExportProtocol", "http/json");
        parameters.put("LambdascopeExportHeadersSecretArn", SECRET);
        parameters.put("LambdascopeExportHeadersKmsKeyArn", KEY);
        parameters.put("LambdascopeExportCompression", "none");
        parameters.put("LambdascopeExportTimeoutMs", "1500");
        parameters.put("LambdascopeFlush", "periodic");
        parameters.put("LambdascopeFlushIntervalMs", "10000");
        parameters.put("LambdascopeOverheadBudgetMs", "25");
        parameters.put("LambdascopeCapture", "true");
        parameters.put("LambdascopeCaptureBodies", "true");
        parameters.put("LambdascopeCaptureBodyMaxBytes", "4k");
        parameters.put("LambdascopeRedactHeaders", "x-tenant,x-client-id");
        parameters.put("LambdascopeRedactQuery", "token,sig");
        parameters.put("LambdascopeRedactAttributes", "^user\\..*");
        parameters.put("LambdascopeSampling", "ratio:0.25");
        parameters.put("LambdascopeFunctionTags", "true");
        parameters.put("LambdascopeServiceName", "orders");
        parameters.put("LambdascopeLogLevel", "debug");
        parameters.put("LambdascopeOtlpReceiver", "false");
        parameters.put("LambdascopeConfigureFunctionSdk", "true");
        Deployment stack = deploy(functions, "eu-west-1", parameters);

        Map<String, Object> function = stack.properties("ExampleFunction").orElseThrow();
        assertEquals(List.of("arm64"), function.get("Architectures"));
        assertEquals(List.of(parameters.get("LambdascopeLayerArn")), function.get("Layers"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("AWS_LAMBDA_EXEC_WRAPPER", WRAPPER);
        expected.put("LAMBDASCOPE_EXPORT_ENDPOINT", "https://otlp.example.com:4318/base");
        expected.put("LAMBDASCOPE_EXPORT_PROTOCOL", "http/json");
        expected.put("LAMBDASCOPE_EXPORT_HEADERS_SECRET", SECRET);
        expected.put("LAMBDASCOPE_EXPORT_COMPRESSION", "none");
        expected.put("LAMBDASCOPE_EXPORT_TIMEOUT_MS", "1500");
        expected.put("LAMBDASCOPE_FLUSH", "periodic");
        expected.put("LAMBDASCOPE_FLUSH_INTERVAL_MS", "10000");
        expected.put("LAMBDASCOPE_OVERHEAD_BUDGET_MS", "25");
        expected.put("LAMBDASCOPE_CAPTURE", "true");
        expected.put("LAMBDASCOPE_CAPTURE_BODIES", "true");
        expected.put("LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES", "4k");
        expected.put("LAMBDASCOPE_REDACT_HEADERS", "x-tenant,x-client-id");
        expected.put("LAMBDASCOPE_REDACT_ATTRIBUTES", "^user\\..*");
        expected.put("LAMBDASCOPE_REDACT_QUERY", "token,sig");
        expected.put("LAMBDASCOPE_SAMPLING", "ratio:0.25");
        expected.put("LAMBDASCOPE_OTLP_RECEIVER", "false");
        expected.put("LAMBDASCOPE_SERVICE_NAME", "orders");
        expected.put("LAMBDASCOPE_TAGS", "true");
        expected.put("LAMBDASCOPE_LOG_LEVEL", "debug");
        expected.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        assertEquals(expected, variables(function));

        assertEquals(List.of(new Deployment.ResourceRef("LambdascopeFunctionPolicy")), function.get("Policies"));
        assertEquals(List.of(
                Map.of("Effect", "Allow", "Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"), "Resource", SECRET),
                Map.of("Effect", "Allow", "Action", "kms:Decrypt", "Resource", KEY),
                Map.of("Effect", "Allow", "Action", List.of("lambda:GetFunction", "lambda:ListTags"),
                        "Resource", "arn:aws:lambda:eu-west-1:111122223333:function:orders-app-*")),
                statements(stack));
    }

    @Test
    void headersFromAnSsmParameterAreReadByEitherFormOfItsName() {
        for (var name : Map.of("/otlp/headers", "arn:aws:ssm:eu-west-1:111122223333:parameter/otlp/headers",
                "otlp-headers", "arn:aws:ssm:eu-west-1:111122223333:parameter/otlp-headers").entrySet()) {
            Deployment stack = deploy(functions, "eu-west-1", Map.of("LambdascopeLayerArn", ARN,
                    "LambdascopeExportHeadersParameterName", name.getKey()));
            assertEquals("ssm:" + name.getKey(), variables(stack.properties("ExampleFunction").orElseThrow())
                    .get("LAMBDASCOPE_EXPORT_HEADERS_SECRET"));
            List<Map<String, Object>> statements = statements(stack);
            assertEquals(1, statements.size(), statements.toString());
            assertEquals(List.of("ssm:DescribeParameters", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParameterHistory"),
                    statements.getFirst().get("Action"));
            assertTrue(((List<?>) statements.getFirst().get("Resource")).contains(name.getValue()), statements.toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFunctionsOwnVariablesAndLayersWinOverTheSnippets() {
        Map<String, Object> template = CfnYaml.read(Project.snippet());
        Map<String, Object> resources = new LinkedHashMap<>((Map<String, Object>) template.get("Resources"));
        resources.put("OwnSettings", Map.of("Type", "AWS::Serverless::Function", "Properties", Map.of(
                "Runtime", "python3.13", "Handler", "index.handler", "InlineCode", "def handler(e, c): pass",
                "Layers", List.of("arn:aws:lambda:eu-west-1:111122223333:layer:other:1"),
                "Environment", Map.of("Variables", Map.of("LAMBDASCOPE_FLUSH", "continuous", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")))));
        template.put("Resources", resources);

        Deployment stack = deploy(SamGlobals.apply(template), "eu-west-1", Map.of("LambdascopeLayerArn", ARN,
                "LambdascopeFlush", "periodic", "LambdascopeConfigureFunctionSdk", "true"));
        Map<String, Object> function = stack.properties("OwnSettings").orElseThrow();
        assertEquals(Map.of("AWS_LAMBDA_EXEC_WRAPPER", WRAPPER, "LAMBDASCOPE_FLUSH", "continuous",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"), variables(function));
        assertEquals(List.of(ARN, "arn:aws:lambda:eu-west-1:111122223333:layer:other:1"), function.get("Layers"));
    }

    @Nested
    class Refusals {
        @Test
        void failsWhenNoLayerIsGiven() {
            assertEquals(List.of("lambdascope: give LambdascopeLayerArn, or LambdascopeVersion, a release of docs/layers.json"),
                    new Deployment(functions, "eu-west-1", Map.of()).ruleFailures());
        }

        @Test
        void failsWhenBothALayerArnAndAVersionAreGiven() {
            assertEquals(List.of("lambdascope: give LambdascopeLayerArn or LambdascopeVersion, not both"),
                    new Deployment(functions, "eu-west-1", Map.of("LambdascopeLayerArn", ARN, "LambdascopeVersion", "0.2.0")).ruleFailures());
        }

        @Test
        void failsWhenTheHeadersComeFromASecretAndAParameter() {
            assertEquals(List.of("lambdascope: give the export headers as a secret or as a parameter, not both"),
                    new Deployment(functions, "eu-west-1", Map.of("LambdascopeLayerArn", ARN,
                            "LambdascopeExportHeadersSecretArn", SECRET, "LambdascopeExportHeadersParameterName", "/otlp/headers")).ruleFailures());
        }

        @Test
        void failsWhenAKeyIsGivenWithoutHeadersToDecrypt() {
            assertEquals(List.of("lambdascope: a KMS key is only for a headers secret or parameter"),
                    new Deployment(functions, "eu-west-1", Map.of("LambdascopeLayerArn", ARN, "LambdascopeExportHeadersKmsKeyArn", KEY))
                            .ruleFailures());
        }

        @Test
        void failsWhenAValueBreaksItsParametersConstraint() {
            Map<String, List<String>> refused = new LinkedHashMap<>();
            refused.put("LambdascopeLayerArn", List.of("arn:aws:lambda:eu-west-1:111122223333:function:orders", "lambdascope-x86_64:3"));
            refused.put("LambdascopeVersion", List.of("latest", "0.2"));
            refused.put("LambdascopeArchitecture", List.of("aarch64"));
            refused.put("LambdascopeExportEndpoint", List.of("otlp.example.com", "ftp://otlp.example.com", "https://", "https://a b"));
            refused.put("LambdascopeExportProtocol", List.of("grpc", "json"));
            refused.put("LambdascopeExportHeadersSecretArn", List.of("otlp/headers",
                    "arn:aws:secretsmanager:eu-west-1:111122223333:secret:otlp/headers"));
            refused.put("LambdascopeExportHeadersParameterName", List.of("otlp/headers", "/otlp headers"));
            refused.put("LambdascopeExportHeadersKmsKeyArn", List.of("alias/otlp"));
            refused.put("LambdascopeExportCompression", List.of("zstd"));
            refused.put("LambdascopeExportTimeoutMs", List.of("0", "2s", "-5"));
            refused.put("LambdascopeFlush", List.of("sometimes", "end_of_invocation"));
            refused.put("LambdascopeFlushIntervalMs", List.of("0"));
            refused.put("LambdascopeOverheadBudgetMs", List.of("60001", "-1", "1.5"));
            refused.put("LambdascopeCapture", List.of("yes"));
            refused.put("LambdascopeCaptureBodies", List.of("TRUE!"));
            refused.put("LambdascopeCaptureBodyMaxBytes", List.of("0", "4 KiB", "4GB"));
            refused.put("LambdascopeRedactHeaders", List.of("x-tenant, x-client-id", "x-tenant,"));
            refused.put("LambdascopeRedactQuery", List.of("token=1", "a,,b"));
            refused.put("LambdascopeSampling", List.of("ratio:1.5", "ratio:", "half", "ratio:0,5"));
            refused.put("LambdascopeFunctionTags", List.of("yes"));
            refused.put("LambdascopeServiceName", List.of("s".repeat(256)));
            refused.put("LambdascopeLogLevel", List.of("verbose"));
            refused.put("LambdascopeOtlpReceiver", List.of("on"));
            refused.put("LambdascopeConfigureFunctionSdk", List.of("1"));
            refused.forEach((parameter, values) -> values.forEach(value -> {
                List<String> errors = new Deployment(functions, "eu-west-1", Map.of(parameter, value)).parameterErrors();
                assertEquals(1, errors.size(), parameter + "='" + value + "' gave " + errors);
                assertTrue(errors.getFirst().startsWith(parameter + ": "), errors.getFirst());
            }));
        }

        @Test
        void acceptsTheValuesTheExtensionAccepts() {
            Map<String, List<String>> accepted = new LinkedHashMap<>();
            accepted.put("LambdascopeVersion", List.of("0.2.0", "1.0.0-rc.1"));
            accepted.put("LambdascopeExportEndpoint", List.of("https://otlp.example.com", "http://10.0.0.5:4318/otlp", "https://collector"));
            accepted.put("LambdascopeExportHeadersParameterName", List.of("/otlp/headers", "otlp-headers", "otlp.headers_v2"));
            accepted.put("LambdascopeOverheadBudgetMs", List.of("0", "60000", "59999"));
            accepted.put("LambdascopeCaptureBodyMaxBytes", List.of("8192", "64k", "1MiB"));
            accepted.put("LambdascopeRedactHeaders", List.of("x-api-token", "x-tenant,x-client-id"));
            accepted.put("LambdascopeSampling", List.of("all", "follow-xray", "ratio:0", "ratio:0.25", "ratio:1", "ratio:1.0"));
            accepted.put("LambdascopeLogLevel", List.of("off", "trace"));
            accepted.forEach((parameter, values) -> values.forEach(value -> assertEquals(List.of(),
                    new Deployment(functions, "eu-west-1", Map.of(parameter, value)).parameterErrors(), parameter + "='" + value + "'")));
        }
    }

    /** The layer from a release of the manifest, with docs/layers.json replaced by a manifest of two releases. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ReleaseFromTheManifest {
        private Path dir;
        private Path file;
        private Map<String, Object> template;

        @BeforeAll
        void renderTwoReleases(@TempDir Path scratch) throws Exception {
            dir = scratch;
            String snippet = Files.readString(Project.snippet(), StandardCharsets.UTF_8);
            file = dir.resolve("snippet.yaml");
            Files.writeString(file, ManifestMappings.replaceSection(snippet,
                    ManifestMappings.render(ManifestMappings.read(ManifestMappingsTest.twoReleases()))));
            template = SamGlobals.apply(CfnYaml.read(file));
        }

        @Test
        void cloudFormationValidatorFindsNothingWrongWithReleasesMapped() {
            assertEquals(List.of(), KnownFindings.unexpected(CdkView.of(file).validationFindings(dir)));
        }

        private Object layer(String region, String version, String architecture) {
            return deploy(template, region, Map.of("LambdascopeVersion", version, "LambdascopeArchitecture", architecture))
                    .properties("ExampleFunction").orElseThrow().get("Layers");
        }

        @Test
        void picksTheLayerOfTheStacksRegionAndTheFunctionsArchitecture() {
            assertEquals(List.of("arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:4"), layer("eu-west-1", "0.2.0", "x86_64"));
            assertEquals(List.of("arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4"), layer("eu-west-1", "0.2.0", "arm64"));
            assertEquals(List.of("arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:6"), layer("us-east-1", "0.2.0", "arm64"));
            assertEquals(List.of("arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:3"), layer("eu-west-1", "0.1.0", "x86_64"));
        }

        @Test
        void aRegionOrArchitectureWithoutTheReleaseGetsALayerNameLambdaRefuses() {
            assertEquals(List.of("lambdascope-release-has-no-x86_64-layer-in-this-region"), layer("ap-southeast-2", "0.2.0", "x86_64"));
            assertEquals(List.of("lambdascope-release-has-no-arm64-layer-in-this-region"), layer("eu-west-1", "0.1.0", "arm64"));
        }

        @Test
        void aLayerArnNeedsNoReleaseInTheRegion() {
            assertEquals(List.of(ARN), deploy(template, "ap-southeast-2", Map.of("LambdascopeLayerArn", ARN))
                    .properties("ExampleFunction").orElseThrow().get("Layers"));
        }

        @Test
        void failsWhenTheVersionIsNotAReleaseOfTheManifest() {
            Deployment stack = new Deployment(template, "eu-west-1", Map.of("LambdascopeVersion", "0.9.0"));
            assertEquals(List.of(), stack.parameterErrors());
            assertEquals("Unable to get mapping for LambdascopeReleases::0.9.0::x8664",
                    assertThrows(IllegalStateException.class, () -> stack.properties("ExampleFunction")).getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(Deployment stack) {
        Map<String, Object> policy = stack.properties("LambdascopeFunctionPolicy").orElseThrow();
        return (List<Map<String, Object>>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    }

}
