package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snippet's Mappings, and the sample app's copy of them, are what docs/layers.json renders
 * to. With {@code -Dlambdascope.sam.write=true} the test writes them instead of comparing.
 */
class ManifestMappingsTest {
    @TempDir
    Path dir;

    @Test
    void committedMappingsAreTheManifests() throws IOException {
        String rendered = ManifestMappings.render(ManifestMappings.read(Project.manifest()));
        for (Path template : List.of(Project.snippet(), Project.sampleApp())) {
            String text = Files.readString(template, StandardCharsets.UTF_8);
            if (Boolean.getBoolean("lambdascope.sam.write")) {
                text = ManifestMappings.replaceSection(text, rendered);
                Files.writeString(template, text, StandardCharsets.UTF_8);
            }
            assertEquals(rendered, ManifestMappings.section(text), template + " differs from docs/layers.json; regenerate with: "
                    + ManifestMappings.REGENERATE);
        }
    }

    @Test
    void mappingsHaveTheShapeCloudFormationAccepts() throws Exception {
        for (Path manifest : List.of(Project.manifest(), twoReleases())) {
            Map<String, Object> mappings = mappings(withMappingsOf(manifest));
            assertTrue(mappings.size() <= 200, "at most 200 mappings");
            mappings.forEach((name, mapping) -> {
                assertTrue(name.matches("[a-zA-Z0-9]+"), "mapping name " + name);
                Map<?, ?> keys = (Map<?, ?>) mapping;
                assertTrue(!keys.isEmpty() && keys.size() <= 200, name + " must have 1 to 200 keys");
                keys.forEach((key, attributes) -> {
                    assertTrue(key instanceof String k && k.matches("[a-zA-Z0-9.-]{1,255}"), name + ": key " + key);
                    Map<?, ?> values = (Map<?, ?>) attributes;
                    assertTrue(!values.isEmpty() && values.size() <= 200, name + "." + key + " must have 1 to 200 attributes");
                    values.forEach((attribute, value) -> {
                        assertTrue(attribute instanceof String a && a.matches("[a-zA-Z0-9]{1,255}"), name + "." + key + ": attribute " + attribute);
                        assertTrue(value instanceof String, name + "." + key + "." + attribute + " must be a string");
                    });
                });
            });
        }
    }

    @Test
    void everyReleaseIsOneLambdascopeVersionAccepts() throws Exception {
        Map<String, Object> template = CfnYaml.read(withMappingsOf(twoReleases()));
        for (String version : List.of("0.2.0", "0.1.0")) {
            assertEquals(List.of(), new Deployment(template, "eu-west-1", Map.of("LambdascopeVersion", version)).parameterErrors(), version);
        }
        assertEquals(List.of("none", "0.2.0", "0.1.0"), List.copyOf(((Map<?, ?>) mappings(withMappingsOf(twoReleases()))
                .get("LambdascopeReleases")).keySet().stream().map(String::valueOf).toList()));
    }

    @Test
    void keysSpellEachReleaseAndArchitectureApart() {
        assertEquals("R0p2p0x8664", ManifestMappings.key("0.2.0", "x86_64"));
        assertEquals("R0p2p0arm64", ManifestMappings.key("0.2.0", "arm64"));
        assertEquals("R1p0p0mrcp1x8664", ManifestMappings.key("1.0.0-rc.1", "x86_64"));
        assertTrue(!ManifestMappings.key("0.21.0", "arm64").equals(ManifestMappings.key("0.2.10", "arm64")));
    }

    @Test
    void failsWhenTheManifestIsOfAnotherSchemaOrNamesAnotherRegionsLayer() throws IOException {
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, "{\"schemaVersion\":2,\"name\":\"lambdascope\",\"releases\":[]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestMappings.read(newer)).getMessage().contains("schemaVersion 2"));

        Path misplaced = dir.resolve("misplaced.json");
        Files.writeString(misplaced, """
                {"schemaVersion":1,"name":"lambdascope","releases":[{"version":"0.3.0","layers":{"eu-west-1":
                {"x86_64":"arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:9"}}}]}""");
        List<ManifestMappings.Release> releases = ManifestMappings.read(misplaced);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestMappings.render(releases)).getMessage()
                .contains("is not a layer version ARN of eu-west-1"));
    }

    /** The snippet with its Mappings rendered from the manifest, in a file of its own. */
    private Path withMappingsOf(Path manifest) throws IOException {
        String snippet = Files.readString(Project.snippet(), StandardCharsets.UTF_8);
        Path file = dir.resolve("snippet-" + manifest.getFileName() + ".yaml");
        Files.writeString(file, ManifestMappings.replaceSection(snippet, ManifestMappings.render(ManifestMappings.read(manifest))));
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mappings(Path template) {
        return (Map<String, Object>) CfnYaml.read(template).get("Mappings");
    }

    static Path twoReleases() throws URISyntaxException {
        return Path.of(ManifestMappingsTest.class.getResource("/manifest-two-releases.json").toURI());
    }
}
