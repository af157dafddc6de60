package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Serverless resource of the templates uses only properties and Metadata entries the AWS SAM
 * developer guide documents for its type. Neither CfnInclude nor CloudFormation's validator checks
 * these resources: the transform would reject an unknown property only at deploy time.
 */
class SamPropertiesTest {
    /** From the resource pages of the AWS SAM developer guide (AWS::Serverless::*, "Syntax"). */
    private static final Map<String, Set<String>> DOCUMENTED = Map.of(
            "AWS::Serverless::LayerVersion", Set.of("CompatibleArchitectures", "CompatibleRuntimes", "ContentUri", "Description",
                    "LayerName", "LicenseInfo", "PublishLambdaVersion", "RetentionPolicy"),
            "AWS::Serverless::Function", Set.of("Architectures", "AssumeRolePolicyDocument", "AutoPublishAlias",
                    "AutoPublishAliasAllProperties", "AutoPublishCodeSha256", "CodeSigningConfigArn", "CodeUri", "DeadLetterQueue",
                    "DeploymentPreference", "Description", "Environment", "EphemeralStorage", "EventInvokeConfig", "Events",
                    "FileSystemConfigs", "FunctionName", "FunctionUrlConfig", "Handler", "ImageConfig", "ImageUri", "InlineCode",
                    "KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType", "PermissionsBoundary", "Policies",
                    "PropagateTags", "ProvisionedConcurrencyConfig", "RecursiveLoop", "ReservedConcurrentExecutions", "Role",
                    "RolePath", "Runtime", "RuntimeManagementConfig", "SnapStart", "SourceKMSKeyArn", "Tags", "Timeout", "Tracing",
                    "VersionDescription", "VpcConfig"),
            "AWS::Serverless::Api", Set.of("AccessLogSetting", "AlwaysDeploy", "ApiKeySourceType", "Auth", "BinaryMediaTypes",
                    "CacheClusterEnabled", "CacheClusterSize", "CanarySetting", "Cors", "DefinitionBody", "DefinitionUri",
                    "Description", "DisableExecuteApiEndpoint", "Domain", "EndpointConfiguration", "FailOnWarnings",
                    "GatewayResponses", "MergeDefinitions", "MethodSettings", "MinimumCompressionSize", "Mode", "Models", "Name",
                    "OpenApiVersion", "PropagateTags", "StageName", "Tags", "TracingEnabled", "Variables"));
    /** Metadata entries sam build reads: BuildMethod and BuildArchitecture for layers, SkipBuild for prebuilt functions. */
    private static final Map<String, Set<String>> METADATA = Map.of(
            "AWS::Serverless::LayerVersion", Set.of("BuildMethod", "BuildArchitecture"),
            "AWS::Serverless::Function", Set.of("BuildMethod", "BuildProperties", "SkipBuild"));

    static Stream<Path> templates() {
        return Stream.of(Project.layerTemplate(), Project.snippet(), Project.sampleApp());
    }

    @ParameterizedTest
    @MethodSource("templates")
    @SuppressWarnings("unchecked")
    void serverlessResourcesUseDocumentedPropertiesOnly(Path template) {
        Map<String, Object> resources = (Map<String, Object>) CfnYaml.read(template).get("Resources");
        resources.forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            String type = (String) resource.get("Type");
            if (!type.startsWith("AWS::Serverless::")) {
                return;
            }
            assertTrue(DOCUMENTED.containsKey(type), id + ": no documented properties listed for " + type);
            Set<String> unknown = new TreeSet<>(((Map<String, Object>) resource.getOrDefault("Properties", Map.of())).keySet());
            unknown.removeAll(DOCUMENTED.get(type));
            assertEquals(Set.of(), unknown, id + " (" + type + ") in " + template);
            Set<String> unknownMetadata = new TreeSet<>(((Map<String, Object>) resource.getOrDefault("Metadata", Map.of())).keySet());
            unknownMetadata.removeAll(METADATA.getOrDefault(type, Set.of()));
            assertEquals(Set.of(), unknownMetadata, id + " (" + type + ") Metadata in " + template);
        });
    }
}
