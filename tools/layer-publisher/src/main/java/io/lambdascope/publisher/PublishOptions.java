package io.lambdascope.publisher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The command line, parsed and checked once: every mistake is reported before any request is made.
 *
 * @param zips the layer zip of each architecture given, keyed by {@code x86_64} / {@code arm64}
 * @param regions where to publish, in the order given
 * @param layerName prefix of the layer names; the architecture is appended
 * @param makePublic whether anyone may use the published versions
 * @param shareAccounts accounts that may use them
 * @param shareOrganization an organization whose accounts may use them, or {@code null}
 * @param manifest the layer manifest to add the release to
 * @param apply publish; otherwise only print the plan
 * @param endpoint a Lambda API endpoint instead of AWS's, or {@code null}
 */
record PublishOptions(Map<String, LayerZip> zips, List<String> regions, String layerName, boolean makePublic,
        List<String> shareAccounts, String shareOrganization, Path manifest, boolean apply, URI endpoint) {

    static final String USAGE = """
            Usage: lambdascope-layer-publisher --regions REGION[,REGION...] [options]

            Publishes the Lambdascope layer zips to every region given, for each architecture, with
            the same layer version number in every region, and adds the release to the layer
            manifest. Without --apply it only reads what is published and prints the plan.

              --regions LIST            regions to publish to, comma-separated (required)
              --x86_64-zip PATH         the x86_64 layer zip
                                        (default extension/target/layers/lambdascope-extension-x86_64.zip, if present)
              --arm64-zip PATH          the arm64 layer zip
                                        (default extension/target/layers/lambdascope-extension-arm64.zip, if present)
              --layer-name NAME         layer name prefix; the architecture is appended (default lambdascope)
              --public                  let every AWS account use the published versions
              --share-account ID        let this account use them (repeatable)
              --share-organization ID   let the accounts of this organization (o-...) use them
              --manifest PATH           the layer manifest to add the release to (default docs/layers.json)
              --apply                   publish; without it nothing is changed (dry run)
              --endpoint-url URL        a Lambda API endpoint to use instead of AWS's
              --help                    this text

            Credentials and the account come from the AWS SDK's default chain (environment,
            AWS_PROFILE, SSO, instance roles). Running it again after a failure resumes: what is
            already published with the same zip is kept.

            Exit status: 0 done (or planned), 1 a region failed, 2 a usage or configuration error.
            """;
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");
    private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_-]{1,60}");
    private static final Path DEFAULT_LAYERS = Path.of("extension/target/layers");

    /** A usage or configuration mistake, said in one line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static PublishOptions parse(List<String> args) throws UsageException {
        Map<String, Path> zipPaths = new LinkedHashMap<>();
        Set<String> regions = new LinkedHashSet<>();
        List<String> accounts = new ArrayList<>();
        String layerName = "lambdascope";
        String organization = null;
        boolean makePublic = false;
        boolean apply = false;
        Path manifest = Path.of("docs/layers.json");
        URI endpoint = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--regions" -> {
                    for (String region : value(args, ++i, arg).split(",")) {
                        if (!region.isBlank()) {
                            regions.add(region.strip());
                        }
                    }
                }
                case "--x86_64-zip" -> zipPaths.put(LayerZip.X86_64, Path.of(value(args, ++i, arg)));
                case "--arm64-zip" -> zipPaths.put(LayerZip.ARM64, Path.of(value(args, ++i, arg)));
                case "--layer-name" -> layerName = value(args, ++i, arg);
                case "--public" -> makePublic = true;
                case "--share-account" -> accounts.add(value(args, ++i, arg));
                case "--share-organization" -> organization = value(args, ++i, arg);
                case "--manifest" -> manifest = Path.of(value(args, ++i, arg));
                case "--apply" -> apply = true;
                case "--endpoint-url" -> endpoint = endpoint(value(args, ++i, arg));
                default -> throw new UsageException("unknown option '" + arg + "' (see --help)");
            }
        }
        if (regions.isEmpty()) {
            throw new UsageException("--regions is required (see --help)");
        }
        Set<String> known = new LinkedHashSet<>();
        Region.regions().forEach(region -> known.add(region.id()));
        for (String region : regions) {
            if (!known.contains(region)) {
                throw new UsageException("unknown region '" + region + "'");
            }
        }
        if (!LAYER_NAME.matcher(layerName).matches()) {
            throw new UsageException("a layer name has up to 60 letters, digits, '-' or '_', got '" + layerName + "'");
        }
        for (String account : accounts) {
            if (!ACCOUNT_ID.matcher(account).matches()) {
                throw new UsageException("an account id has 12 digits, got '" + account + "'");
            }
        }
        if (organization != null && !ORGANIZATION_ID.matcher(organization).matches()) {
            throw new UsageException("an organization id looks like o-a1b2c3d4e5, got '" + organization + "'");
        }
        if (zipPaths.isEmpty()) {
            for (String arch : List.of(LayerZip.X86_64, LayerZip.ARM64)) {
                Path built = DEFAULT_LAYERS.resolve("lambdascope-extension-" + arch + ".zip");
                if (Files.isRegularFile(built)) {
                    zipPaths.put(arch, built);
                }
            }
            if (zipPaths.isEmpty()) {
                throw new UsageException("no layer zip: give --x86_64-zip or --arm64-zip, or build them with ./mvnw package");
            }
        }
        // x86_64 first, whatever the order of the options: the plan and the requests read the same every time.
        Map<String, LayerZip> zips = new LinkedHashMap<>();
        for (String arch : List.of(LayerZip.X86_64, LayerZip.ARM64)) {
            if (zipPaths.containsKey(arch)) {
                zips.put(arch, LayerZip.read(zipPaths.get(arch), arch));
            }
        }
        if (zips.values().stream().map(LayerZip::version).distinct().count() > 1) {
            throw new UsageException("the zips are of different versions: " + zips.values().stream().map(z -> z.architecture() + " " + z.version()).toList());
        }
        return new PublishOptions(Collections.unmodifiableMap(zips), List.copyOf(regions), layerName, makePublic, List.copyOf(accounts),
                organization, manifest, apply, endpoint);
    }

    private static String value(List<String> args, int index, String option) throws UsageException {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(index);
    }

    private static URI endpoint(String url) throws UsageException {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new UsageException("--endpoint-url must be an http(s) url, got '" + url + "'");
    }

    /** The version all zips share. */
    String version() {
        return zips.values().iterator().next().version();
    }

    String layerName(String architecture) {
        return layerName + "-" + architecture;
    }
}
