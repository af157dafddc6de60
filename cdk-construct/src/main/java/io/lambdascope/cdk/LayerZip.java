package io.lambdascope.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a built layer zip says about itself in {@code lambdascope/layer.json}: read at synth time so
 * that a zip of the wrong architecture, or one not fit for release, never becomes a layer.
 */
record LayerZip(Path path, String version, String architecture, List<String> compatibleRuntimes, boolean release) {

    static final String MANIFEST_ENTRY = "lambdascope/layer.json";

    static LayerZip read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("lambdascope: no layer zip at " + path.toAbsolutePath()
                    + " (build it with ./mvnw package, or download it from a release)");
        }
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry entry = zip.getEntry(MANIFEST_ENTRY);
            if (entry == null) {
                throw new IllegalArgumentException("lambdascope: " + path + " is not a lambdascope layer zip: it has no " + MANIFEST_ENTRY);
            }
            JsonNode json;
            try (InputStream in = zip.getInputStream(entry)) {
                json = new ObjectMapper().readTree(in);
            }
            List<String> runtimes = new ArrayList<>();
            json.path("compatibleRuntimes").forEach(runtime -> runtimes.add(runtime.asText()));
            return new LayerZip(path, json.path("version").asText(), json.path("architecture").asText(),
                    List.copyOf(runtimes), json.path("release").asBoolean(true));
        } catch (IOException e) {
            throw new UncheckedIOException("lambdascope: cannot read the layer zip " + path + ": " + e.getMessage(), e);
        }
    }
}
