package io.lambdascope.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DockerImageCode;
import software.amazon.awscdk.services.lambda.DockerImageFunction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

class LambdascopeTest {
    private static final String X86_ARN = "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:7";
    private static final String ARM_ARN = "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:7";

    @TempDir
    Path dir;

    private final App app = new App();
    private final Stack stack = new Stack(app, "App", StackProps.builder()
            .env(Environment.builder().account("123456789012").region("eu-west-1").build()).build());

    private static LambdascopeProps.Builder byArn() {
        return LambdascopeProps.builder().layers(LayerSource.fromArns(X86_ARN, ARM_ARN));
    }

    private Function function(Construct scope, String id, Architecture architecture, Runtime runtime, Map<String, String> env) {
        return Function.Builder.create(scope, id).runtime(runtime).handler("index.handler")
                .code(Code.fromAsset(dir.toString())).architecture(architecture)
                .environment(env).build();
    }

    private Function function(Construct scope, String id) {
        return function(scope, id, Architecture.X86_64, Runtime.PYTHON_3_13, Map.of());
    }

    /** The Lambda function resources of the template, by logical id. */
    private static Map<String, Map<String, Object>> functions(Stack stack) {
        return Template.fromStack(stack).findResources("AWS::Lambda::Function");
    }

    /** The logical id of a construct's CloudFormation resource in the template. */
    private static String logicalId(Stack stack, software.constructs.IConstruct construct) {
        return stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Stack stack, Function function) {
        return (Map<String, Object>) functions(stack).get(logicalId(stack, function)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Stack stack, Function function) {
        Map<String, Object> environment = (Map<String, Object>) properties(stack, function).get("Environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment.get("Variables");
    }

    private static List<?> layers(Stack stack, Function function) {
        Object layers = properties(stack, function).get("Layers");
        return layers == null ? List.of() : (List<?>) layers;
    }

    @Test
    void addsTheLayerAndTheWrapper() {
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "Lambdascope", byArn().build()).addFunctions(fn);

        assertEquals(List.of(X86_ARN), layers(stack, fn));
        assertEquals(Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper"), variables(stack, fn),
                "options left unset write nothing: the extension's defaults apply");
        Annotations.fromStack(stack).hasNoError("*", Match.anyValue());
    }

    @Test
    void everyOptionLandsInTheFunctionsEnvironment() {
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "Lambdascope", byArn()
                .exportEndpoint("https://otlp.example.com:4318")
                .exportProtocol(ExportProtocol.HTTP_JSON)
                .exportCompression(ExportCompression.NONE)
                .exportTimeout(Duration.seconds(3))
                .flush(FlushStrategy.CONTINUOUS)
                .flushInterval(Duration.seconds(10))
                .overheadBudget(Duration.millis(80))
                .capture(true)
                .captureBodies(true)
                .captureBodyMaxBytes(4096)
                .redactHeaders(List.of("x-tenant", "x-session"))
                .redactAttributes("^user\\..*")
                .redactQuery(List.of("token"))
                .sampling(Sampling.ratio(0.25))
                .otlpReceiver(false)
                .serviceName("orders")
                .functionTags(true)
                .logLevel(LogLevel.DEBUG)
                .configureFunctionSdk(true)
                .environment("LAMBDASCOPE_BATCH_MAX_ITEMS", "256")
                .environment("LAMBDASCOPE_FLUSH", "periodic")
                .build()).addFunctions(fn);

        Map<String, Object> expected = new HashMap<>();
        expected.put("AWS_LAMBDA_EXEC_WRAPPER", "/opt/lambdascope-wrapper");
        expected.put("LAMBDASCOPE_EXPORT_ENDPOINT", "https://otlp.example.com:4318");
        expected.put("LAMBDASCOPE_EXPORT_PROTOCOL", "http/json");
        expected.put("LAMBDASCOPE_EXPORT_COMPRESSION", "none");
        expected.put("LAMBDASCOPE_EXPORT_TIMEOUT_MS", "3000");
        expected.put("LAMBDASCOPE_FLUSH", "continuous");
        expected.put("LAMBDASCOPE_FLUSH_INTERVAL_MS", "10000");
        expected.put("LAMBDASCOPE_OVERHEAD_BUDGET_MS", "80");
        expected.put("LAMBDASCOPE_CAPTURE", "true");
        expected.put("LAMBDASCOPE_CAPTURE_BODIES", "true");
        expected.put("LAMBDASCOPE_CAPTURE_BODY_MAX_BYTES", "4096");
        expected.put("LAMBDASCOPE_REDACT_HEADERS", "x-tenant,x-session");
        expected.put("LAMBDASCOPE_REDACT_ATTRIBUTES", "^user\\..*");
        expected.put("LAMBDASCOPE_REDACT_QUERY", "token");
        expected.put("LAMBDASCOPE_SAMPLING", "ratio:0.25");
        expected.put("LAMBDASCOPE_OTLP_RECEIVER", "false");
        expected.put("LAMBDASCOPE_SERVICE_NAME", "orders");
        expected.put("LAMBDASCOPE_TAGS", "true");
        expected.put("LAMBDASCOPE_LOG_LEVEL", "debug");
        expected.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318");
        expected.put("LAMBDASCOPE_BATCH_MAX_ITEMS", "256");
        assertEquals(expected, variables(stack, fn), "typed options win over extra variables of the same name");
    }

    @Test
    void samplingChoicesAreTheExtensionsValues() {
        assertEquals("all", Sampling.all().value());
        assertEquals("follow-xray", Sampling.followXray().value());
        assertEquals("ratio:0.1", Sampling.ratio(0.1).value());
        assertEquals("ratio:1.0", Sampling.ratio(1).value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampling.ratio(1.5));
        assertEquals("lambdascope: the sampling ratio must be between 0 and 1, got 1.5", e.getMessage());
    }

    @Test
    void valuesTheUserSetOnTheFunctionWinWhenEverTheyAreSet() {
        Function fn = function(stack, "Fn", Architecture.X86_64, Runtime.PYTHON_3_13,
                Map.of("LAMBDASCOPE_FLUSH", "periodic", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4319"));
        new Lambdascope(stack, "Lambdascope", byArn().flush(FlushStrategy.END_OF_INVOCATION).configureFunctionSdk(true)
                .logLevel(LogLevel.WARN).serviceName("from-props").build()).addFunctions(fn);
        // Set after the function was added: the instrumentation happens at synth time, so it still wins.
        fn.addEnvironment("LAMBDASCOPE_SERVICE_NAME", "from-the-function");

        Map<String, Object> variables = variables(stack, fn);
        assertEquals("periodic", variables.get("LAMBDASCOPE_FLUSH"));
        assertEquals("http://localhost:4319", variables.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertEquals("from-the-function", variables.get("LAMBDASCOPE_SERVICE_NAME"));
        assertEquals("warn", variables.get("LAMBDASCOPE_LOG_LEVEL"), "what the user did not set comes from the props");
    }

    @Test
    void eachFunctionGetsTheLayerOfItsArchitecture() throws Exception {
        LambdascopeLayers published = new LambdascopeLayers(stack, "Layers", LambdascopeLayersProps.builder()
                .x86_64Zip(TestLayers.zip(dir, "x86_64").toString()).arm64Zip(TestLayers.zip(dir, "arm64").toString()).build());
        Function intel = function(stack, "Intel", Architecture.X86_64, Runtime.PYTHON_3_13, Map.of());
        Function graviton = function(stack, "Graviton", Architecture.ARM_64, Runtime.JAVA_21, Map.of());
        new Lambdascope(stack, "Lambdascope", LambdascopeProps.builder().layers(published).build()).instrumentAll(stack);

        Annotations.fromStack(stack).hasNoError("*", Match.anyValue());

        String x86Layer = logicalId(stack, (LayerVersion) published.getX86_64Layer());
        String armLayer = logicalId(stack, (LayerVersion) published.getArm64Layer());
        assertEquals(List.of(Map.of("Ref", x86Layer)), layers(stack, intel));
        assertEquals(List.of(Map.of("Ref", armLayer)), layers(stack, graviton));
    }

    @Test
    void failsWhenThePublishedLayerDoesNotListTheFunctionsRuntime() throws Exception {
        LambdascopeLayers published = new LambdascopeLayers(stack, "Layers", LambdascopeLayersProps.builder()
                .x86_64Zip(TestLayers.zip(dir, "x86_64").toString()).build());
        function(stack, "Ruby", Architecture.X86_64, Runtime.RUBY_3_3, Map.of());
        new Lambdascope(stack, "Lambdascope", LambdascopeProps.builder().layers(published).build()).instrumentAll(stack);

        Annotations.fromStack(stack).hasError("/App/Ruby", Match.stringLikeRegexp(
                "lambdascope: function App/Ruby: .*ruby3.3 is not in \\[java21, python3.13, nodejs22.x, provided.al2023\\].*"));
    }

    @Test
    void layersByArnFollowTheArchitectureToo() {
        Function intel = function(stack, "Intel", Architecture.X86_64, Runtime.PYTHON_3_13, Map.of());
        Function graviton = function(stack, "Graviton", Architecture.ARM_64, Runtime.NODEJS_22_X, Map.of());
        new Lambdascope(stack, "Lambdascope", byArn().build()).instrumentAll(stack);

        assertEquals(List.of(X86_ARN), layers(stack, intel));
        assertEquals(List.of(ARM_ARN), layers(stack, graviton));
    }

    private static LayerManifest manifest() {
        return LayerManifest.parse("""
                {"schemaVersion": 1, "releases": [
                  {"version": "1.2.3", "compatibleRuntimes": ["java21"], "layers": {
                    "eu-west-1": {"x86_64": "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:3",
                                  "arm64": "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:3"},
                    "us-east-1": {"x86_64": "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:5",
                                  "arm64": "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:5"}}},
                  {"version": "1.2.2", "compatibleRuntimes": ["java21"], "layers": {
                    "eu-west-1": {"x86_64": "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:2"}}}
                ]}""");
    }

    @Test
    void aManifestReleaseResolvesTheStacksRegionAtSynthTime() {
        Function graviton = function(stack, "Graviton", Architecture.ARM_64, Runtime.PYTHON_3_13, Map.of());
        new Lambdascope(stack, "Lambdascope", LambdascopeProps.builder().layers(LayerSource.fromManifest(manifest(), "1.2.3")).build())
                .addFunctions(graviton);

        assertEquals(List.of("arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:3"), layers(stack, graviton));
        assertEquals(Map.of(), Template.fromStack(stack).findMappings("*"), "no mapping when the region is known");
    }

    @Test
    void aRegionAgnosticStackCarriesTheReleasesRegionsInAMapping() {
        Stack agnostic = new Stack(app, "Agnostic");
        Function intel = function(agnostic, "Intel", Architecture.X86_64, Runtime.PYTHON_3_13, Map.of());
        Function graviton = function(agnostic, "Graviton", Architecture.ARM_64, Runtime.PYTHON_3_13, Map.of());
        new Lambdascope(agnostic, "Lambdascope", LambdascopeProps.builder().layers(LayerSource.fromManifest(manifest(), "1.2.3")).build())
                .instrumentAll(agnostic);

        Map<String, Map<String, Object>> mappings = Template.fromStack(agnostic).findMappings("*");
        assertEquals(1, mappings.size(), "one mapping for the release, shared by the functions: " + mappings);
        String mapping = mappings.keySet().iterator().next();
        assertEquals(Map.of(
                "eu-west-1", Map.of("x8664", "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:3",
                        "arm64", "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:3"),
                "us-east-1", Map.of("x8664", "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:5",
                        "arm64", "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:5")), mappings.get(mapping));
        assertEquals(List.of(Map.of("Fn::FindInMap", List.of(mapping, Map.of("Ref", "AWS::Region"), "x8664"))), layers(agnostic, intel));
        assertEquals(List.of(Map.of("Fn::FindInMap", List.of(mapping, Map.of("Ref", "AWS::Region"), "arm64"))), layers(agnostic, graviton));
    }

    @Test
    void failsWhenTheManifestReleaseHasNoLayerInTheStacksRegion() {
        Stack tokyo = new Stack(app, "Tokyo", StackProps.builder().env(Environment.builder().region("ap-northeast-1").build()).build());
        function(tokyo, "Fn");
        new Lambdascope(tokyo, "Lambdascope", LambdascopeProps.builder().layers(LayerSource.fromManifest(manifest(), "1.2.3")).build())
                .instrumentAll(tokyo);

        Annotations.fromStack(tokyo).hasError("/Tokyo/Fn", "lambdascope: function Tokyo/Fn (x86_64): lambdascope release 1.2.3 has no x86_64"
                + " layer in ap-northeast-1; it has layers in [eu-west-1, us-east-1]");
    }

    @Test
    void failsWhenTheArchitectureHasNoLayer() {
        function(stack, "Graviton", Architecture.ARM_64, Runtime.PYTHON_3_13, Map.of());
        new Lambdascope(stack, "Lambdascope", LambdascopeProps.builder().layers(LayerSource.fromArns(X86_ARN, null)).build()).instrumentAll(stack);

        Annotations.fromStack(stack).hasError("/App/Graviton", "lambdascope: function App/Graviton (arm64): no lambdascope layer arn was given for arm64");
    }

    @Test
    void failsWhenTheLayerArnIsInAnotherRegion() {
        function(stack, "Fn");
        String virginia = "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:7";
        new Lambdascope(stack, "Lambdascope", LambdascopeProps.builder().layers(LayerSource.fromArns(virginia, null)).build()).instrumentAll(stack);

        Annotations.fromStack(stack).hasError("/App/Fn", "lambdascope: function App/Fn (x86_64): the lambdascope layer '" + virginia
                + "' is in us-east-1, but the function's stack deploys to eu-west-1; lambda only attaches layers of the function's region");
    }

    @Test
    void failsWhenALayerArnIsMalformed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerSource.fromArns("lambdascope:7", null));
        assertEquals("lambdascope: not a layer version arn: 'lambdascope:7'", e.getMessage());
    }

    @Test
    void failsWhenTheFunctionIsAContainerImage() {
        DockerImageFunction.Builder.create(stack, "Image").code(DockerImageCode.fromEcr(
                software.amazon.awscdk.services.ecr.Repository.fromRepositoryName(stack, "Repo", "app"))).build();
        new Lambdascope(stack, "Lambdascope", byArn().build()).instrumentAll(stack);

        Annotations.fromStack(stack).hasError("/App/Image", Match.stringLikeRegexp(
                "lambdascope: function App/Image is a container image, and lambda does not add layers to images: copy the layer's tree into the image's /opt.*"));
    }

    @Test
    void warnsRatherThanFailsOnAProvidedRuntimeAndLeavesTheWrapperOut() {
        Function custom = function(stack, "Custom", Architecture.ARM_64, Runtime.PROVIDED_AL2023, Map.of());
        new Lambdascope(stack, "Lambdascope", byArn().flush(FlushStrategy.PERIODIC).build()).addFunctions(custom);

        Annotations.fromStack(stack).hasWarning("/App/Custom", Match.stringLikeRegexp(
                "function App/Custom runs on provided.al2023, which ignores AWS_LAMBDA_EXEC_WRAPPER: its bootstrap must start the runtime through /opt/lambdascope-wrapper.*"));
        Annotations.fromStack(stack).hasNoError("*", Match.anyValue());
        assertEquals(List.of(ARM_ARN), layers(stack, custom));
        assertEquals(Map.of("LAMBDASCOPE_FLUSH", "periodic"), variables(stack, custom));
    }

    @Test
    void failsWhenTheFunctionWouldHaveMoreThanFiveLayers() {
        Function fn = function(stack, "Fn");
        for (int i = 1; i <= 5; i++) {
            fn.addLayers(LayerVersion.fromLayerVersionArn(stack, "Other" + i, "arn:aws:lambda:eu-west-1:123456789012:layer:other" + i + ":1"));
        }
        new Lambdascope(stack, "Lambdascope", byArn().build()).addFunctions(fn);

        Annotations.fromStack(stack).hasError("/App/Fn", "lambdascope: function App/Fn would have 6 layers with lambdascope's; lambda allows at most 5");
        assertFalse(variables(stack, fn).containsKey("AWS_LAMBDA_EXEC_WRAPPER"), "a function that fails is left as it was");
    }

    @Test
    void fourLayersOfTheUsersLeaveRoomForLambdascopes() {
        Function fn = function(stack, "Fn");
        for (int i = 1; i <= 4; i++) {
            fn.addLayers(LayerVersion.fromLayerVersionArn(stack, "Other" + i, "arn:aws:lambda:eu-west-1:123456789012:layer:other" + i + ":1"));
        }
        new Lambdascope(stack, "Lambdascope", byArn().build()).addFunctions(fn);

        Annotations.fromStack(stack).hasNoError("*", Match.anyValue());
        assertEquals(5, layers(stack, fn).size());
    }

    @Test
    void failsWhenTheFunctionIsAlreadyInstrumented() {
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "First", byArn().build()).addFunctions(fn);
        new Lambdascope(stack, "Second", byArn().build()).addFunctions(fn);

        Annotations.fromStack(stack).hasError("/App/Fn", "lambdascope: function App/Fn is already instrumented with lambdascope; instrument each function once");
        assertEquals(1, layers(stack, fn).size());
    }

    @Test
    void failsWhenAnotherExecWrapperIsSet() {
        function(stack, "Fn", Architecture.X86_64, Runtime.NODEJS_22_X, Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-handler"));
        new Lambdascope(stack, "Lambdascope", byArn().build()).instrumentAll(stack);

        Annotations.fromStack(stack).hasError("/App/Fn", Match.stringLikeRegexp(
                "lambdascope: function App/Fn already has the exec wrapper '/opt/otel-handler', and lambdascope needs its own.*"));
    }

    @Test
    void failsWhenTheEndpointIsNotHttp() {
        for (String endpoint : List.of("grpc://collector:4317", "collector:4318", "https://", "not a url")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Lambdascope(stack, "L" + endpoint.hashCode(), byArn().exportEndpoint(endpoint).build()));
            assertEquals("lambdascope: the export endpoint must be an http(s) url, got '" + endpoint + "'", e.getMessage());
        }
    }

    @Test
    void failsWhenADurationIsOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lambdascope(stack, "A", byArn().overheadBudget(Duration.minutes(2)).build()));
        assertEquals("lambdascope: the overhead budget must be between 0 ms and 60000 ms, got 2 minutes", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Lambdascope(stack, "B", byArn().exportTimeout(Duration.millis(0)).build()));
        assertEquals("lambdascope: the export timeout must be between 1 ms, got 0 millis", e.getMessage());
    }

    @Test
    void failsWhenTheHeadersComeFromBothASecretAndAParameter() {
        Secret secret = new Secret(stack, "Headers");
        StringParameter parameter = StringParameter.Builder.create(stack, "Param").stringValue("x").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Lambdascope(stack, "Lambdascope",
                byArn().exportHeadersSecret(secret).exportHeadersParameter(parameter).build()));
        assertEquals("lambdascope: give the export headers as a secret or as a parameter, not both", e.getMessage());
    }

    @Test
    void failsWhenTheLayerSourceIsMissing() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> LambdascopeProps.builder().build());
        assertTrue(e.getMessage().startsWith("lambdascope: the layer source is required"), e.getMessage());
    }

    @Test
    void theAspectInstrumentsEveryFunctionInItsScopeButTheExcluded() {
        Construct nested = new Construct(stack, "Orders");
        Function api = function(nested, "Api");
        Function worker = function(nested, "Worker", Architecture.ARM_64, Runtime.JAVA_21, Map.of());
        Function legacy = function(stack, "Legacy");
        Stack other = new Stack(app, "Other", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
        Function elsewhere = function(other, "Elsewhere");
        new Lambdascope(stack, "Lambdascope", byArn().build()).instrumentAll(stack, fn -> fn.getNode().getId().equals("Legacy"));

        assertEquals(List.of(X86_ARN), layers(stack, api));
        assertEquals(List.of(ARM_ARN), layers(stack, worker));
        assertEquals(List.of(), layers(stack, legacy), "excluded");
        assertEquals(Map.of(), variables(stack, legacy), "excluded");
        assertEquals(List.of(), layers(other, elsewhere), "outside the scope");
    }

    @Test
    void addFunctionsInstrumentsOnlyThoseGivenAndOnceWhenTheAspectAlsoReachesThem() {
        Function chosen = function(stack, "Chosen");
        Function left = function(stack, "Left");
        Lambdascope lambdascope = new Lambdascope(stack, "Lambdascope", byArn().build());
        lambdascope.addFunctions(chosen);

        assertEquals(List.of(X86_ARN), layers(stack, chosen));
        assertEquals(List.of(), layers(stack, left));

        Stack both = new Stack(new App(), "Both", StackProps.builder().env(Environment.builder().region("eu-west-1").build()).build());
        Function fn = function(both, "Fn");
        Lambdascope twice = new Lambdascope(both, "Lambdascope", byArn().build());
        twice.addFunctions(fn);
        twice.instrumentAll(both);
        assertEquals(List.of(X86_ARN), layers(both, fn));
        Annotations.fromStack(both).hasNoError("*", Match.anyValue());
    }

    @Test
    void grantsReadOnTheHeadersSecretAndDecryptOnItsKey() {
        Key key = new Key(stack, "Key");
        Secret secret = Secret.Builder.create(stack, "Headers").encryptionKey(key).build();
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "Lambdascope", byArn().exportHeadersSecret(secret).build()).addFunctions(fn);

        String secretId = logicalId(stack, secret);
        assertEquals(Map.of("Ref", secretId), variables(stack, fn).get("LAMBDASCOPE_EXPORT_HEADERS_SECRET"));
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of("Statement", List.of(
                Match.objectLike(Map.of("Action", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                        "Resource", Map.of("Ref", secretId))))))));
        // The key is in the same stack, so the grant lands in its key policy, through Secrets Manager only.
        String roleId = logicalId(stack, fn.getRole());
        template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("KeyPolicy", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", "kms:Decrypt",
                        "Principal", Map.of("AWS", Map.of("Fn::GetAtt", List.of(roleId, "Arn"))),
                        "Condition", Match.objectLike(Map.of("StringEquals", Match.objectLike(Map.of("kms:ViaService", Match.anyValue()))))))))))));
    }

    @Test
    void grantsReadOnTheHeadersParameter() {
        StringParameter parameter = StringParameter.Builder.create(stack, "Headers").parameterName("/otel/headers").stringValue("x-api-key=1").build();
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "Lambdascope", byArn().exportHeadersParameter(parameter).build()).addFunctions(fn);

        assertTrue(variables(stack, fn).get("LAMBDASCOPE_EXPORT_HEADERS_SECRET").toString().contains("ssm:"),
                "the extension reads ssm: values from Parameter Store: " + variables(stack, fn));
        Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Action", Match.arrayWith(List.of("ssm:GetParameter"))))))))));
    }

    @Test
    void grantsReadingItsOwnTagsWithoutACircularDependency() {
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "Lambdascope", byArn().functionTags(true).build()).addFunctions(fn);

        String functionId = logicalId(stack, fn);
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", List.of("lambda:GetFunction", "lambda:ListTags"), "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(functionId, "Arn"))))))));
        assertAcyclic(template);
    }

    @Test
    void grantsNothingTheOptionsDoNotNeed() {
        Function fn = function(stack, "Fn");
        new Lambdascope(stack, "Lambdascope", byArn().build()).addFunctions(fn);

        Template.fromStack(stack).resourceCountIs("AWS::IAM::Policy", 0);
    }

    /** CloudFormation refuses a template whose resources refer to each other in a circle. */
    private static void assertAcyclic(Template template) {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.toJSON().get("Resources");
        Map<String, List<String>> edges = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            List<String> targets = new java.util.ArrayList<>();
            collectReferences(resource, resources.keySet(), targets);
            edges.put(id, targets);
        });
        Map<String, Integer> state = new HashMap<>();
        for (String id : edges.keySet()) {
            visit(id, edges, state, new java.util.ArrayDeque<>());
        }
    }

    private static void visit(String id, Map<String, List<String>> edges, Map<String, Integer> state, java.util.Deque<String> path) {
        Integer seen = state.get(id);
        path.push(id);
        if (seen != null && seen == 1) {
            throw new AssertionError("circular dependency: " + path);
        }
        if (seen == null) {
            state.put(id, 1);
            for (String target : edges.get(id)) {
                visit(target, edges, state, path);
            }
            state.put(id, 2);
        }
        path.pop();
    }

    private static void collectReferences(Object node, java.util.Set<String> ids, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (key.equals("Ref") && ids.contains(value)) {
                    out.add((String) value);
                } else if (key.equals("Fn::GetAtt") && value instanceof List<?> list && ids.contains(list.get(0))) {
                    out.add((String) list.get(0));
                } else if (key.equals("DependsOn")) {
                    List<?> targets = value instanceof List<?> list ? list : List.of(value);
                    targets.forEach(target -> out.add((String) target));
                } else {
                    collectReferences(value, ids, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectReferences(item, ids, out));
        }
    }
}
