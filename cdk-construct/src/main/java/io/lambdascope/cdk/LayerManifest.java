package io.lambdascope.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layer manifest: per release of the extension, the layer version ARN for each region and
 * architecture. Its schema is in docs/layer-manifest.md; the CDK construct, the Terraform module
 * and the SAM templates all read the same document.
 */
public final class LayerManifest {
    /** The schema version this library reads. */
    public static final int SCHEMA_VERSION = 1;

    private final Map<String, Release> releases;

    private LayerManifest(Map<String, Release> releases) {
        this.releases = releases;
    }

    /**
     * Reads a manifest file.
     *
     * @param file a layer manifest, as published with each release
     * @return the manifest
     */
    public static LayerManifest read(Path file) {
        try {
            return parse(new ObjectMapper().readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("lambdascope: cannot read the layer manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a manifest from its JSON text.
     *
     * @param json the manifest document
     * @return the manifest
     */
    public static LayerManifest parse(String json) {
        try {
            return parse(new ObjectMapper().readTree(json), "the layer manifest");
        } catch (IOException e) {
            throw new IllegalArgumentException("lambdascope: the layer manifest is not JSON: " + e.getMessage(), e);
        }
    }

    private static LayerManifest parse(JsonNode json, String source) {
        int schema = json.path("schemaVersion").asInt(-1);
        if (schema != SCHEMA_VERSION) {
            throw new IllegalArgumentException("lambdascope: " + source + " has schemaVersion " + json.path("schemaVersion")
                    + "; this library reads version " + SCHEMA_VERSION);
        }
        Map<String, Release> releases = new LinkedHashMap<>();
        for (JsonNode release : json.path("releases")) {
            String version = release.path("version").asText();
            List<String> runtimes = new ArrayList<>();
            release.path("compatibleRuntimes").forEach(runtime -> runtimes.add(runtime.asText()));
            Map<String, Map<String, String>> layers = new TreeMap<>();
            release.path("layers").properties().forEach(region -> {
                Map<String, String> byArchitecture = new TreeMap<>();
                region.getValue().properties().forEach(arch -> byArchitecture.put(arch.getKey(), arch.getValue().asText()));
                layers.put(region.getKey(), Collections.unmodifiableMap(byArchitecture));
            });
            releases.put(version, new Release(version, List.copyOf(runtimes), Collections.unmodifiableMap(layers)));
        }
        if (releases.isEmpty()) {
            throw new IllegalArgumentException("lambdascope: " + source + " lists no releases");
        }
        return new LayerManifest(Collections.unmodifiableMap(releases));
    }

    /**
     * One release.
     *
     * @param version extension version
     * @return the release
     * @throws IllegalArgumentException when the manifest does not list it
     */
    public Release release(String version) {
        Release release = releases.get(version);
        if (release == null) {
            throw new IllegalArgumentException("lambdascope: the layer manifest has no release '" + version + "'; it lists " + releases.keySet());
        }
        return release;
    }

    /**
     * The release listed first, which the publisher keeps the newest.
     *
     * @return the newest release
     */
    public Release latest() {
        return releases.values().iterator().next();
    }

    /**
     * One release of the layers.
     *
     * @param version the extension's version
     * @param compatibleRuntimes the runtimes the layers declare
     * @param layers layer version ARN by region, then by architecture ({@code x86_64}, {@code arm64})
     */
    public record Release(String version, List<String> compatibleRuntimes, Map<String, Map<String, String>> layers) {
    }
}
