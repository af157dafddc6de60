package io.lambdascope.publisher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.LayerVersionsListItem;
import software.amazon.awssdk.services.lambda.model.PublishLayerVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;

/**
 * One architecture's layer across the regions: what each region has, the version number all
 * regions end up with, and the publishing that gets them there.
 *
 * <p>The rule: every region gets the zip at the same version number {@code T}. {@code T} is the
 * highest version any region has when the regions that have it hold this very zip (a run that
 * stopped half-way is resumed, not restarted), and one more than that otherwise. A region below
 * {@code T} publishes until it reaches it, and the versions it passed on the way are deleted.
 * Lambda never reuses a deleted version's number, so a region may land above {@code T}: then
 * {@code T} rises and the others catch up.
 */
final class Rollout {
    private final LayerZip zip;
    private final String layerName;
    private final List<RegionLayer> regions;
    private int target;
    private byte[] zipBytes;

    /** One region's layer: what it had, what this run published, and how it ended. */
    private static final class RegionLayer {
        final String region;
        final LambdaClient lambda;
        int latest;
        boolean latestIsThisZip;
        final List<Integer> published = new ArrayList<>();
        String layerVersionArn;
        String failure;

        RegionLayer(String region, LambdaClient lambda) {
            this.region = region;
            this.lambda = lambda;
        }

        int current() {
            return published.isEmpty() ? latest : published.getLast();
        }
    }

    private Rollout(LayerZip zip, String layerName, List<RegionLayer> regions) {
        this.zip = zip;
        this.layerName = layerName;
        this.regions = regions;
    }

    /** Reads what each region has published under the layer's name. */
    static Rollout read(LayerZip zip, String layerName, Map<String, LambdaClient> clients) {
        List<RegionLayer> regions = new ArrayList<>();
        clients.forEach((region, lambda) -> {
            RegionLayer layer = new RegionLayer(region, lambda);
            try {
                for (LayerVersionsListItem version : lambda.listLayerVersionsPaginator(r -> r.layerName(layerName)).layerVersions()) {
                    if (version.version() > layer.latest) {
                        layer.latest = version.version().intValue();
                        layer.layerVersionArn = version.layerVersionArn();
                    }
                }
                if (layer.latest > 0) {
                    String sha = lambda.getLayerVersion(r -> r.layerName(layerName).versionNumber((long) layer.latest)).content().codeSha256();
                    layer.latestIsThisZip = zip.sha256().equals(sha);
                }
            } catch (SdkException e) {
                layer.failure = "cannot read " + layerName + ": " + e.getMessage();
            }
            regions.add(layer);
        });
        Rollout rollout = new Rollout(zip, layerName, regions);
        rollout.target = rollout.initialTarget();
        return rollout;
    }

    private int initialTarget() {
        int highest = regions.stream().filter(r -> r.failure == null).mapToInt(r -> r.latest).max().orElse(0);
        boolean highestIsThisZip = highest > 0 && regions.stream()
                .filter(r -> r.failure == null && r.latest == highest).allMatch(r -> r.latestIsThisZip);
        return highestIsThisZip ? highest : highest + 1;
    }

    void printPlan(PrintStream out) {
        out.printf("%s %s (sha256 %s): version %d in every region%n", layerName, zip.version(), zip.sha256(), target);
        for (RegionLayer layer : regions) {
            if (layer.failure != null) {
                out.printf("  %-15s %s%n", layer.region, layer.failure);
            } else if (layer.latest == target && layer.latestIsThisZip) {
                out.printf("  %-15s has version %d with this zip: nothing to do%n", layer.region, target);
            } else {
                int publishes = target - layer.latest;
                out.printf("  %-15s at version %d: publish %d time%s to reach %d%s%n", layer.region, layer.latest, publishes,
                        publishes == 1 ? "" : "s", target, publishes > 1 ? " (the versions in between are deleted)" : "");
            }
        }
    }

    /** Publishes where needed, deletes the versions passed on the way, and grants the permissions. */
    void apply(List<Permission> permissions, PrintStream out) {
        for (int round = 0; round < 4; round++) {
            for (RegionLayer layer : regions) {
                while (layer.failure == null && layer.current() < target) {
                    publishOnce(layer, out);
                }
            }
            int highest = regions.stream().filter(r -> r.failure == null).mapToInt(RegionLayer::current).max().orElse(target);
            if (highest <= target) {
                break;
            }
            out.printf("%s: a region landed on version %d, so every region moves to it%n", layerName, highest);
            target = highest;
        }
        for (RegionLayer layer : regions) {
            if (layer.failure != null) {
                continue;
            }
            if (layer.current() != target) {
                layer.failure = "ended at version " + layer.current() + " instead of " + target + "; run again";
                continue;
            }
            try {
                for (int version : layer.published) {
                    if (version != target) {
                        layer.lambda.deleteLayerVersion(r -> r.layerName(layerName).versionNumber((long) version));
                    }
                }
                for (Permission permission : permissions) {
                    grant(layer, permission);
                }
            } catch (SdkException e) {
                layer.failure = e.getMessage();
            }
        }
    }

    private void publishOnce(RegionLayer layer, PrintStream out) {
        try {
            PublishLayerVersionResponse response = layer.lambda.publishLayerVersion(r -> r
                    .layerName(layerName)
                    .description(zip.description())
                    .content(c -> c.zipFile(SdkBytes.fromByteArrayUnsafe(zipBytes())))
                    .compatibleArchitectures(zip.architecture().equals(LayerZip.ARM64) ? Architecture.ARM64 : Architecture.X86_64)
                    .compatibleRuntimesWithStrings(zip.compatibleRuntimes())
                    .licenseInfo("Apache-2.0"));
            layer.published.add(response.version().intValue());
            layer.layerVersionArn = response.layerVersionArn();
            out.printf("  %-15s published %s%n", layer.region, response.layerVersionArn());
        } catch (SdkException e) {
            layer.failure = "publishing failed: " + e.getMessage();
        }
    }

    /** The zip's bytes, read at the first publish and kept for the other regions. */
    private byte[] zipBytes() {
        if (zipBytes == null) {
            try {
                zipBytes = Files.readAllBytes(zip.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + zip.path(), e);
            }
        }
        return zipBytes;
    }

    private void grant(RegionLayer layer, Permission permission) {
        try {
            layer.lambda.addLayerVersionPermission(r -> r.layerName(layerName).versionNumber((long) target)
                    .statementId(permission.statementId()).action("lambda:GetLayerVersion")
                    .principal(permission.principal()).organizationId(permission.organizationId()));
        } catch (ResourceConflictException e) {
            // The statement is there from an earlier run.
        }
    }

    /** The layer version ARN of each region that ended at the target version. */
    Map<String, String> published() {
        Map<String, String> arns = new LinkedHashMap<>();
        for (RegionLayer layer : regions) {
            if (layer.failure == null && layer.current() == target && layer.layerVersionArn != null) {
                arns.put(layer.region, layer.layerVersionArn);
            }
        }
        return arns;
    }

    /** What went wrong, by region. */
    Map<String, String> failures() {
        Map<String, String> failures = new LinkedHashMap<>();
        regions.stream().filter(r -> r.failure != null).forEach(r -> failures.put(r.region, r.failure));
        return failures;
    }
}
