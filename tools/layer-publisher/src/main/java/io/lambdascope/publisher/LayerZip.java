package io.lambdascope.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A built layer zip: what its {@code lambdascope/layer.json} declares, and its SHA-256 as Lambda
 * reports a layer version's ({@code CodeSha256}, base64), by which a published copy is recognized.
 */
record LayerZip(Path path, String version, String architecture, List<String> compatibleRuntimes, String sha256) {
    static final String X86_64 = "x86_64";
    static final String ARM64 = "arm64";

    static LayerZip read(Path path, String expectedArchitecture) throws PublishOptions.UsageException {
        if (!Files.isRegularFile(path)) {
            throw new PublishOptions.UsageException("no layer zip at " + path);
        }
        JsonNode json;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry entry = zip.getEntry("lambdascope/layer.json");
            if (entry == null) {
                throw new PublishOptions.UsageException(path + " is not a lambdascope layer zip: it has no lambdascope/layer.json");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                json = new ObjectMapper().readTree(in);
            }
        } catch (IOException e) {
            throw new PublishOptions.UsageException("cannot read the layer zip " + path + ": " + e.getMessage());
        }
        String architecture = json.path("architecture").asText();
        if (!architecture.equals(expectedArchitecture)) {
            throw new PublishOptions.UsageException("the zip given for " + expectedArchitecture + " holds the " + architecture + " layer: " + path);
        }
        if (!json.path("release").asBoolean(true)) {
            throw new PublishOptions.UsageException(path + " is marked not for release: its runtime needs a newer glibc than Lambda's");
        }
        List<String> runtimes = new ArrayList<>();
        json.path("compatibleRuntimes").forEach(runtime -> runtimes.add(runtime.asText()));
        return new LayerZip(path, json.path("version").asText(), architecture, List.copyOf(runtimes), sha256(path));
    }

    private static String sha256(Path path) throws PublishOptions.UsageException {
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException e) {
            throw new PublishOptions.UsageException("cannot read the layer zip " + path + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String description() {
        return "Lambdascope " + version + " (" + architecture + "): OpenTelemetry traces, metrics and logs for AWS Lambda";
    }
}
