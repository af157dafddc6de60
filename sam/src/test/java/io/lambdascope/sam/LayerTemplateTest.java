package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/** sam/layer.yaml: one retained layer per architecture, built by the Makefile, publishable to the Serverless Application Repository. */
class LayerTemplateTest {
    /** Logical id of each architecture's layer; MakefileTest runs the target build-<id> of each. */
    static final Map<String, String> LAYERS = Map.of("x86_64", "LambdascopeLayerX8664", "arm64", "LambdascopeLayerArm64");

    private static CdkView cdk;
    private static Map<String, Object> plain;

    @BeforeAll
    static void read() {
        cdk = CdkView.of(Project.layerTemplate());
        plain = CfnYaml.read(Project.layerTemplate());
    }

    @Test
    void cloudFormationValidatorFindsNothingWrong(@TempDir Path scratch) {
        assertEquals(List.of(), KnownFindings.unexpected(cdk.validationFindings(scratch)));
    }

    @Test
    void publishesOneRetainedLayerPerArchitectureBuiltByMakefile() {
        cdk.template().resourceCountIs("AWS::Serverless::LayerVersion", 2);
        LAYERS.forEach((arch, id) -> {
            Map<String, Object> layer = resource(id);
            assertEquals("AWS::Serverless::LayerVersion", layer.get("Type"), id);
            assertEquals(Map.of("BuildMethod", "makefile", "BuildArchitecture", arch), layer.get("Metadata"), id);
            cdk.template().hasResource("AWS::Serverless::LayerVersion", Map.of(
                    "Properties", Map.of(
                            "LayerName", "lambdascope-" + arch,
                            "ContentUri", ".",
                            "CompatibleArchitectures", List.of(arch),
                            "RetentionPolicy", "Retain",
                            "LicenseInfo", "Apache-2.0",
                            "Description", Match.stringLikeRegexp("Lambdascope " + Project.releaseVersion().replace(".", "\\.")
                                    + " \\(" + arch + "\\): .+")),
                    "Metadata", Map.of("BuildMethod", "makefile", "BuildArchitecture", arch)));
        });
    }

    @Test
    void outputsGiveEachLayerVersionArn() {
        LAYERS.values().forEach(id -> cdk.template().hasOutput(id + "Arn", Map.of("Value", Map.of("Ref", id))));
    }

    @Test
    void compatibleRuntimesAreTheOnesTheBuiltLayersDeclare() throws IOException {
        int compared = 0;
        for (var layer : LAYERS.entrySet()) {
            Path zip = Project.layerZip(layer.getKey());
            if (!Files.isRegularFile(zip)) {
                continue;
            }
            JsonNode declared;
            try (ZipFile file = new ZipFile(zip.toFile())) {
                declared = new ObjectMapper().readTree(file.getInputStream(file.getEntry("lambdascope/layer.json")));
            }
            List<String> runtimes = declared.path("compatibleRuntimes").valueStream().map(JsonNode::asText).toList();
            assertEquals(runtimes, properties(layer.getValue()).get("CompatibleRuntimes"), layer.getValue() + " and " + zip);
            compared++;
        }
        assumeTrue(compared > 0, "no layer zip in extension/target/layers to compare with; build the extension module first");
    }

    @Nested
    class Sharing {
        private Deployment deploy(Map<String, String> parameters) {
            return new Deployment(plain, "eu-west-1", parameters);
        }

        @Test
        void sharesNothingByDefault() {
            Deployment stack = deploy(Map.of());
            assertEquals(List.of(), stack.parameterErrors());
            assertEquals(List.of(), stack.ruleFailures());
            LAYERS.values().forEach(id -> assertTrue(stack.properties(id + "Permission").isEmpty(), id));
        }

        @Test
        void sharesEachVersionWithAnAccountAndKeepsThePermission() {
            Deployment stack = deploy(Map.of("ShareWithAccount", "444455556666"));
            assertEquals(List.of(), stack.ruleFailures());
            LAYERS.values().forEach(id -> {
                assertEquals(Map.of("Action", "lambda:GetLayerVersion", "LayerVersionArn", new Deployment.ResourceRef(id),
                        "Principal", "444455556666"), stack.properties(id + "Permission").orElseThrow());
                assertEquals("Retain", resource(id + "Permission").get("DeletionPolicy"));
                assertEquals("Retain", resource(id + "Permission").get("UpdateReplacePolicy"));
            });
        }

        @Test
        void sharesEachVersionWithAnOrganization() {
            Deployment stack = deploy(Map.of("ShareWithOrganization", "o-a1b2c3d4e5"));
            assertEquals(List.of(), stack.ruleFailures());
            LAYERS.values().forEach(id -> assertEquals(Map.of("Action", "lambda:GetLayerVersion",
                    "LayerVersionArn", new Deployment.ResourceRef(id), "Principal", "*", "OrganizationId", "o-a1b2c3d4e5"),
                    stack.properties(id + "Permission").orElseThrow()));
        }

        @Test
        void failsWhenGivenAnAccountAndAnOrganization() {
            assertEquals(List.of("share with an account or with an organization, not both"),
                    deploy(Map.of("ShareWithAccount", "*", "ShareWithOrganization", "o-a1b2c3d4e5")).ruleFailures());
        }

        @Test
        void failsWhenTheAccountOrOrganizationIsMalformed() {
            assertFalse(deploy(Map.of("ShareWithAccount", "4444-5555-6666")).parameterErrors().isEmpty());
            assertFalse(deploy(Map.of("ShareWithOrganization", "a1b2c3d4e5")).parameterErrors().isEmpty());
        }
    }

    @Nested
    class ServerlessApplicationRepository {
        /** The fields the AWS SAM developer guide documents for AWS::ServerlessRepo::Application. */
        private static final Set<String> DOCUMENTED = Set.of("Name", "Description", "Author", "SpdxLicenseId", "LicenseUrl",
                "ReadmeUrl", "Labels", "HomePageUrl", "SemanticVersion", "SourceCodeUrl");

        @SuppressWarnings("unchecked")
        private Map<String, Object> application() {
            return (Map<String, Object>) ((Map<String, Object>) plain.get("Metadata")).get("AWS::ServerlessRepo::Application");
        }

        @Test
        void usesOnlyDocumentedFieldsWithPlainValuesWithinTheirLimits() {
            Map<String, Object> app = application();
            assertTrue(DOCUMENTED.containsAll(app.keySet()), "undocumented fields: " + app.keySet());
            assertTrue(app.keySet().containsAll(Set.of("Name", "Description", "Author")), "required fields missing: " + app.keySet());
            app.forEach((field, value) -> {
                if (field.equals("Labels")) {
                    List<?> labels = assertInstanceOf(List.class, value);
                    assertTrue(labels.size() <= 10, "at most 10 labels");
                    labels.forEach(label -> assertTrue(label instanceof String s && s.length() <= 127
                            && s.matches("[a-zA-Z0-9+\\-_:/@]+"), "label " + label));
                } else {
                    assertInstanceOf(String.class, value, field + " must be a plain string: intrinsic functions are not allowed here");
                }
            });
            String name = (String) app.get("Name");
            assertTrue(name.matches("[a-zA-Z0-9-]{1,140}"), name);
            assertTrue(((String) app.get("Description")).length() <= 256, "description longer than 256");
            assertTrue(((String) app.get("Author")).matches("[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?"), (String) app.get("Author"));
        }

        @Test
        void licenceAndReadmeAreFilesNextToTheTemplate() throws IOException {
            Map<String, Object> app = application();
            assertEquals("Apache-2.0", app.get("SpdxLicenseId"));
            LAYERS.values().forEach(id -> assertEquals(app.get("SpdxLicenseId"), properties(id).get("LicenseInfo")));
            Path licence = Project.sam().resolve((String) app.get("LicenseUrl"));
            Path readme = Project.sam().resolve((String) app.get("ReadmeUrl"));
            assertTrue(Files.isRegularFile(readme), readme + " is missing");
            String text = Files.readString(licence, StandardCharsets.UTF_8);
            assertTrue(text.contains("Apache License") && text.contains("Version 2.0, January 2004"), licence + " is not the Apache License 2.0");
        }

        @Test
        void versionIsTheProjectsInTheApplicationAndInEveryDescription() {
            assertEquals(Project.releaseVersion(), application().get("SemanticVersion"));
            assertTrue(Project.releaseVersion().matches("[0-9]+\\.[0-9]+\\.[0-9]+"), "not a semantic version: " + Project.releaseVersion());
            assertTrue(((String) plain.get("Description")).startsWith("Lambdascope " + Project.releaseVersion() + ":"),
                    (String) plain.get("Description"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resource(String id) {
        return (Map<String, Object>) ((Map<String, Object>) plain.get("Resources")).get(id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String id) {
        return (Map<String, Object>) resource(id).get("Properties");
    }
}
