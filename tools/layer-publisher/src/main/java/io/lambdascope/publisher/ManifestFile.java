package io.lambdascope.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The layer manifest (docs/layer-manifest.md): a release's ARNs are merged into the file, the
 * release moved to the front, and every other release left as it was.
 */
final class ManifestFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestFile() {
    }

    /**
     * @param layers layer version ARN by architecture, then region
     */
    static void addRelease(Path file, String version, List<String> runtimes, Map<String, Map<String, String>> layers) throws IOException {
        ObjectNode manifest;
        if (Files.exists(file)) {
            manifest = (ObjectNode) JSON.readTree(file.toFile());
            if (manifest.path("schemaVersion").asInt() != 1) {
                throw new IOException(file + " has schemaVersion " + manifest.path("schemaVersion") + "; this publisher writes version 1");
            }
        } else {
            manifest = JSON.createObjectNode().put("schemaVersion", 1).put("name", "lambdascope");
            manifest.putArray("releases");
        }
        ArrayNode releases = (ArrayNode) manifest.get("releases");
        Map<String, Map<String, String>> byRegion = new TreeMap<>();
        for (int i = releases.size() - 1; i >= 0; i--) {
            JsonNode release = releases.get(i);
            if (release.path("version").asText().equals(version)) {
                // A run that published some regions or one architecture before: keep what it wrote.
                release.path("layers").properties().forEach(region -> region.getValue().properties().forEach(arch ->
                        byRegion.computeIfAbsent(region.getKey(), r -> new TreeMap<>()).put(arch.getKey(), arch.getValue().asText())));
                releases.remove(i);
            }
        }
        layers.forEach((arch, arns) -> arns.forEach((region, arn) -> byRegion.computeIfAbsent(region, r -> new TreeMap<>()).put(arch, arn)));
        ObjectNode release = JSON.createObjectNode().put("version", version);
        runtimes.forEach(release.putArray("compatibleRuntimes")::add);
        ObjectNode regions = release.putObject("layers");
        byRegion.forEach((region, arns) -> {
            ObjectNode node = regions.putObject(region);
            arns.forEach(node::put);
        });
        releases.insert(0, release);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".layers", ".json");
        JSON.writeValue(temporary.toFile(), manifest);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
