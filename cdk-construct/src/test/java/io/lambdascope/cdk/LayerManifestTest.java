package io.lambdascope.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerManifestTest {
    private static final String MANIFEST = """
            {"schemaVersion": 1, "name": "lambdascope", "releases": [
              {"version": "0.2.0", "compatibleRuntimes": ["java21", "python3.13"], "layers": {
                "us-east-1": {"x86_64": "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:4",
                              "arm64": "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:4"}}},
              {"version": "0.1.0", "compatibleRuntimes": ["java21"], "layers": {
                "us-east-1": {"x86_64": "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:1"}}}
            ]}""";

    @Test
    void readsEachReleasesLayersByRegionAndArchitecture(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("layers.json"), MANIFEST);
        LayerManifest manifest = LayerManifest.read(file);

        LayerManifest.Release release = manifest.release("0.2.0");
        assertEquals(List.of("java21", "python3.13"), release.compatibleRuntimes());
        assertEquals(Map.of("us-east-1", Map.of(
                "x86_64", "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:4",
                "arm64", "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-arm64:4")), release.layers());
        assertEquals("0.2.0", manifest.latest().version(), "the publisher lists the newest release first");
        assertEquals(Map.of("x86_64", "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:1"),
                manifest.release("0.1.0").layers().get("us-east-1"));
    }

    @Test
    void failsWhenTheReleaseIsNotListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerManifest.parse(MANIFEST).release("9.9.9"));
        assertEquals("lambdascope: the layer manifest has no release '9.9.9'; it lists [0.2.0, 0.1.0]", e.getMessage());
    }

    @Test
    void failsOnAnotherSchemaVersionOrNoReleases() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerManifest.parse("{\"schemaVersion\": 2, \"releases\": []}"));
        assertEquals("lambdascope: the layer manifest has schemaVersion 2; this library reads version 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerManifest.parse("{\"schemaVersion\": 1, \"releases\": []}"));
        assertEquals("lambdascope: the layer manifest lists no releases", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerManifest.parse("{\"schemaVersion\": 1, "));
        assertEquals(true, e.getMessage().startsWith("lambdascope: the layer manifest is not JSON: "), e.getMessage());
    }
}
