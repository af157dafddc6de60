package io.lambdascope.sam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Mappings section of the snippet (and of the sample app, which carries the snippet), written
 * from the layer manifest (docs/layer-manifest.md) so that {@code LambdascopeVersion} picks a
 * release's layer in the stack's region. CloudFormation allows only letters and digits in a
 * mapping's second-level keys, so each release's layers get keys of their own
 * ({@code 0.2.0} on x86_64 is {@code R0p2p0x8664}) in {@code LambdascopeReleases}, and
 * {@code LambdascopeLayers} maps region, then key, to the layer version ARN.
 */
final class ManifestMappings {
    static final String BEGIN = "# BEGIN generated from docs/layers.json";
    static final String END = "# END generated from docs/layers.json";
    static final String REGENERATE = "./mvnw -pl sam test -Dtest=ManifestMappingsTest -Dlambdascope.sam.write=true";
    /** Architectures as the manifest names them, and as a second-level key may hold them. */
    static final Map<String, String> ARCHITECTURE_KEYS = Map.of("x86_64", "x8664", "arm64", "arm64");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern LAYER_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:([a-z0-9-]+):[0-9]{12}:layer:[A-Za-z0-9_-]+:[0-9]+");
    /** CloudFormation's limit of attributes per mapping key, two per release. */
    private static final int MAX_RELEASES = 100;

    private ManifestMappings() {
    }

    /** A release of the manifest: its version and, by region, its layer ARN per architecture. */
    record Release(String version, Map<String, Map<String, String>> layers) {
    }

    static List<Release> read(Path manifest) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root.path("schemaVersion").asInt() != 1) {
            throw new IllegalArgumentException(manifest + ": schemaVersion " + root.path("schemaVersion") + " is not 1");
        }
        List<Release> releases = new ArrayList<>();
        for (JsonNode release : root.path("releases")) {
            Map<String, Map<String, String>> layers = new TreeMap<>();
            release.path("layers").properties().forEach(region -> {
                Map<String, String> byArchitecture = new LinkedHashMap<>();
                region.getValue().properties().forEach(arch -> byArchitecture.put(arch.getKey(), arch.getValue().asText()));
                layers.put(region.getKey(), byArchitecture);
            });
            releases.add(new Release(release.path("version").asText(), layers));
        }
        return releases;
    }

    /** The key of a release's layer of one architecture: {@code R}, the version with . - + spelled p m P, the architecture's key. */
    static String key(String version, String architecture) {
        return "R" + version.replace('.', 'p').replace('-', 'm').replace('+', 'P') + ARCHITECTURE_KEYS.get(architecture);
    }

    /** The generated section, from its BEGIN line to its END line, each line ending with a line break. */
    static String render(List<Release> releases) {
        check(releases);
        StringBuilder out = new StringBuilder();
        out.append(BEGIN).append("; regenerate with:\n");
        out.append("#   ").append(REGENERATE).append('\n');
        out.append("# A second-level key may hold only letters and digits, so LambdascopeReleases names each\n");
        out.append("# release's layers by such keys, and LambdascopeLayers gives their ARNs by region. The release\n");
        out.append("# \"none\" stands for LambdascopeLayerArn.\n");
        out.append("Mappings:\n");
        out.append("  LambdascopeReleases:\n");
        out.append("    none:\n      x8664: None\n      arm64: None\n");
        for (Release release : releases) {
            out.append("    \"").append(release.version()).append("\":\n");
            for (String arch : List.of("x86_64", "arm64")) {
                out.append("      ").append(ARCHITECTURE_KEYS.get(arch)).append(": ").append(key(release.version(), arch)).append('\n');
            }
        }
        out.append("  LambdascopeLayers:\n");
        Map<String, Map<String, String>> byRegion = new TreeMap<>();
        for (Release release : releases) {
            release.layers().forEach((region, layers) -> layers.forEach((arch, arn) ->
                    byRegion.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(key(release.version(), arch), arn)));
        }
        if (byRegion.isEmpty()) {
            out.append("    # docs/layers.json lists no release yet; this row only keeps the map from being empty.\n");
            out.append("    none:\n      None: none\n");
        }
        byRegion.forEach((region, layers) -> {
            out.append("    ").append(region).append(":\n");
            layers.forEach((key, arn) -> out.append("      ").append(key).append(": \"").append(arn).append("\"\n"));
        });
        out.append(END).append('\n');
        return out.toString();
    }

    /** The text with its generated section replaced by {@code section}. */
    static String replaceSection(String text, String section) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no section between '" + BEGIN + "' and '" + END + "'");
        }
        int afterEnd = text.indexOf('\n', end);
        return text.substring(0, begin) + section + text.substring(afterEnd < 0 ? text.length() : afterEnd + 1);
    }

    /** The generated section of the text, as {@link #render} writes it. */
    static String section(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no section between '" + BEGIN + "' and '" + END + "'");
        }
        int afterEnd = text.indexOf('\n', end);
        return text.substring(begin, afterEnd < 0 ? text.length() : afterEnd + 1);
    }

    private static void check(List<Release> releases) {
        if (releases.size() > MAX_RELEASES) {
            throw new IllegalArgumentException("the manifest lists " + releases.size() + " releases; a mapping key holds at most "
                    + 2 * MAX_RELEASES + " attributes, two per release");
        }
        Set<String> keys = new HashSet<>();
        for (Release release : releases) {
            for (String arch : ARCHITECTURE_KEYS.keySet()) {
                if (!keys.add(key(release.version(), arch))) {
                    throw new IllegalArgumentException("release " + release.version() + " has the same mapping key as another release");
                }
            }
            release.layers().forEach((region, layers) -> {
                if (!REGION.matcher(region).matches()) {
                    throw new IllegalArgumentException("release " + release.version() + ": '" + region + "' is not a region");
                }
                layers.forEach((arch, arn) -> {
                    if (!ARCHITECTURE_KEYS.containsKey(arch)) {
                        throw new IllegalArgumentException("release " + release.version() + ": '" + arch + "' is not an architecture");
                    }
                    var matcher = LAYER_ARN.matcher(arn);
                    if (!matcher.matches() || !matcher.group(1).equals(region)) {
                        throw new IllegalArgumentException("release " + release.version() + ": '" + arn + "' is not a layer version ARN of "
                                + region);
                    }
                });
            });
        }
    }
}
