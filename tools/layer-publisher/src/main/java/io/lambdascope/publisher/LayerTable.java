package io.lambdascope.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer manifest as a Markdown page: per release, a table of layer version ARNs by region and
 * architecture. The publisher writes it next to the manifest, so the page never disagrees with it.
 */
final class LayerTable {
    private LayerTable() {
    }

    /** The page's path for a manifest: {@code layers.json} gives {@code layers.md}. */
    static Path pageFor(Path manifest) {
        String name = manifest.getFileName().toString();
        return manifest.resolveSibling(name.endsWith(".json") ? name.substring(0, name.length() - 5) + ".md" : name + ".md");
    }

    static String render(Path manifest) throws IOException {
        JsonNode json = new ObjectMapper().readTree(manifest.toFile());
        StringBuilder page = new StringBuilder("""
                # Layer ARNs

                <!-- Generated from %s by the layer publisher; do not edit by hand. -->

                Attach Lambdascope by one of these layer version ARNs: the one of the function's region and
                architecture. The same ARNs are in [%s](%s), the [layer manifest](layer-manifest.md) that the
                CDK construct, the Terraform module and the SAM templates read.
                """.formatted(manifest.getFileName(), manifest.getFileName(), manifest.getFileName()));
        JsonNode releases = json.path("releases");
        if (releases.isEmpty()) {
            page.append("\nNo release is published yet. Publish your own with the [layer publisher](../tools/layer-publisher/README.md),\n"
                    + "or attach the layer zips as the [README](../README.md) shows.\n");
        }
        for (JsonNode release : releases) {
            page.append("\n## ").append(release.path("version").asText()).append("\n\n");
            List<String> runtimes = new ArrayList<>();
            release.path("compatibleRuntimes").forEach(runtime -> runtimes.add("`" + runtime.asText() + "`"));
            page.append("Runtimes: ").append(String.join(", ", runtimes)).append(".\n\n");
            page.append("| region | x86_64 | arm64 |\n|---|---|---|\n");
            release.path("layers").properties().forEach(region -> page.append("| ").append(region.getKey())
                    .append(" | ").append(cell(region.getValue().path("x86_64")))
                    .append(" | ").append(cell(region.getValue().path("arm64"))).append(" |\n"));
        }
        return page.toString();
    }

    private static String cell(JsonNode arn) {
        return arn.isMissingNode() ? "—" : "`" + arn.asText() + "`";
    }

    static void write(Path manifest) throws IOException {
        Files.writeString(pageFor(manifest), render(manifest));
    }
}
