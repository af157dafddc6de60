package io.lambdascope.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class LambdascopeLayersTest {
    @TempDir
    Path dir;

    private final Stack stack = new Stack(new App(), "Layers");

    private LambdascopeLayersProps.Builder bothZips() throws Exception {
        return LambdascopeLayersProps.builder()
                .x86_64Zip(TestLayers.zip(dir, "x86_64").toString())
                .arm64Zip(TestLayers.zip(dir, "arm64").toString());
    }

    @Test
    void publishesOneLayerPerArchitectureWithItsRuntimesLicenceAndVersion() throws Exception {
        LambdascopeLayers layers = new LambdascopeLayers(stack, "Lambdascope", bothZips().build());

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::LayerVersion", 2);
        for (String arch : List.of("x86_64", "arm64")) {
            template.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                    "LayerName", "lambdascope-" + arch,
                    "CompatibleArchitectures", List.of(arch),
                    "CompatibleRuntimes", List.of("java21", "python3.13", "nodejs22.x", "provided.al2023"),
                    "LicenseInfo", "Apache-2.0",
                    "Description", Match.stringLikeRegexp("Lambdascope 1\\.2\\.3 \\(" + arch + "\\).*")));
        }
        assertEquals("1.2.3", layers.getVersion());
    }

    @Test
    void layerVersionsAreRetainedByDefaultSoFunctionsElsewhereKeepWorking() throws Exception {
        new LambdascopeLayers(stack, "Lambdascope", bothZips().build());

        Map<String, Map<String, Object>> layers = Template.fromStack(stack).findResources("AWS::Lambda::LayerVersion");
        assertEquals(2, layers.size());
        layers.values().forEach(layer -> {
            assertEquals("Retain", layer.get("DeletionPolicy"));
            assertEquals("Retain", layer.get("UpdateReplacePolicy"));
        });
    }

    @Test
    void aRemovalPolicyAndALayerNameCanBeChosen() throws Exception {
        new LambdascopeLayers(stack, "Lambdascope", bothZips().removalPolicy(RemovalPolicy.DESTROY).layerVersionName("otel-ext").build());

        Template template = Template.fromStack(stack);
        template.hasResource("AWS::Lambda::LayerVersion", Map.of("DeletionPolicy", "Delete",
                "Properties", Map.of("LayerName", "otel-ext-arm64")));
    }

    @Test
    void sharesTheLayersWithAnOrganizationAndWithAccounts() throws Exception {
        new LambdascopeLayers(stack, "Lambdascope", bothZips()
                .shareWithOrganization("o-a1b2c3d4e5")
                .shareWithAccounts(List.of("111122223333"))
                .build());

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::LayerVersionPermission", 4);
        template.hasResourceProperties("AWS::Lambda::LayerVersionPermission", Map.of(
                "Action", "lambda:GetLayerVersion", "Principal", "*", "OrganizationId", "o-a1b2c3d4e5"));
        template.hasResourceProperties("AWS::Lambda::LayerVersionPermission", Map.of(
                "Action", "lambda:GetLayerVersion", "Principal", "111122223333"));
    }

    @Test
    void withoutSharingOnlyTheAccountItselfCanUseTheLayers() throws Exception {
        new LambdascopeLayers(stack, "Lambdascope", bothZips().build());

        Template.fromStack(stack).resourceCountIs("AWS::Lambda::LayerVersionPermission", 0);
    }

    @Test
    void publishesOneArchitectureAlone() throws Exception {
        LambdascopeLayers layers = new LambdascopeLayers(stack, "Lambdascope", LambdascopeLayersProps.builder()
                .arm64Zip(TestLayers.zip(dir, "arm64").toString()).build());

        Template.fromStack(stack).resourceCountIs("AWS::Lambda::LayerVersion", 1);
        assertEquals(null, layers.getX86_64Layer());
    }

    @Test
    void failsWhenTheZipHoldsTheOtherArchitecture() throws Exception {
        Path x86 = TestLayers.zip(dir, "x86_64");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "Lambdascope",
                LambdascopeLayersProps.builder().arm64Zip(x86.toString()).build()));
        assertEquals("lambdascope: the zip given as the arm64 layer holds the x86_64 one: " + x86, e.getMessage());
    }

    @Test
    void failsWhenTheZipIsMarkedNotForRelease() throws Exception {
        Path testBuild = TestLayers.zip(dir, "arm64", "1.2.3", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "Lambdascope",
                LambdascopeLayersProps.builder().arm64Zip(testBuild.toString()).build()));
        assertTrue(e.getMessage().startsWith("lambdascope: the arm64 layer zip " + testBuild + " is marked not for release"), e.getMessage());
    }

    @Test
    void aZipNotForReleaseIsPublishedWithAWarningWhenAllowed() throws Exception {
        Path testBuild = TestLayers.zip(dir, "arm64", "1.2.3", false);
        new LambdascopeLayers(stack, "Lambdascope", LambdascopeLayersProps.builder().arm64Zip(testBuild.toString()).allowNotForRelease(true).build());

        Template.fromStack(stack).resourceCountIs("AWS::Lambda::LayerVersion", 1);
        Annotations.fromStack(stack).hasWarning("/Layers/Lambdascope", Match.stringLikeRegexp(".*marked not for release.*"));
    }

    @Test
    void failsWhenTheZipsAreOfDifferentVersions() throws Exception {
        Path x86 = TestLayers.zip(dir, "x86_64", "1.0.0", true);
        Path arm = TestLayers.zip(dir, "arm64", "1.1.0", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "Lambdascope",
                LambdascopeLayersProps.builder().x86_64Zip(x86.toString()).arm64Zip(arm.toString()).build()));
        assertEquals("lambdascope: the layer zips are of different versions: x86_64 1.0.0, arm64 1.1.0", e.getMessage());
    }

    @Test
    void failsWhenTheZipIsMissingOrNotALayer() throws Exception {
        Path missing = dir.resolve("missing.zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "A",
                LambdascopeLayersProps.builder().x86_64Zip(missing.toString()).build()));
        assertTrue(e.getMessage().startsWith("lambdascope: no layer zip at " + missing), e.getMessage());

        Path other = dir.resolve("other.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(other))) {
            out.putNextEntry(new java.util.zip.ZipEntry("python/lib.py"));
        }
        e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "B",
                LambdascopeLayersProps.builder().x86_64Zip(other.toString()).build()));
        assertEquals("lambdascope: " + other + " is not a lambdascope layer zip: it has no lambdascope/layer.json", e.getMessage());
    }

    @Test
    void failsWhenNoZipIsGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "Lambdascope",
                LambdascopeLayersProps.builder().build()));
        assertEquals("lambdascope: give the x86_64 layer zip, the arm64 one, or both", e.getMessage());
    }

    @Test
    void failsWhenAnAccountOrOrganizationIdIsMalformed() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "A",
                bothZips().shareWithAccounts(List.of("1234")).build()));
        assertEquals("lambdascope: an account id has 12 digits, got '1234'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LambdascopeLayers(stack, "B",
                bothZips().shareWithOrganization("my-org").build()));
        assertEquals("lambdascope: an organization id looks like o-a1b2c3d4e5, got 'my-org'", e.getMessage());
    }
}
