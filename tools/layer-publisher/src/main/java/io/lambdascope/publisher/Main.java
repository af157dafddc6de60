package io.lambdascope.publisher;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * Publishes the layer zips to many regions with one version number per architecture, and adds the
 * release to the layer manifest: read the options, find credentials, read what each region has,
 * print the plan, and with {@code --apply} carry it out.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.isEmpty()) {
            out.print(PublishOptions.USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        PublishOptions options;
        try {
            options = PublishOptions.parse(args);
        } catch (PublishOptions.UsageException e) {
            err.println("lambdascope-layer-publisher: " + e.getMessage());
            return 2;
        }
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            try {
                credentials.resolveCredentials();
            } catch (SdkClientException e) {
                // The SDK's message lists every provider it tried; one line says what to do.
                err.println("lambdascope-layer-publisher: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or run where a role provides them");
                return 2;
            }
            Map<String, LambdaClient> clients = new LinkedHashMap<>();
            try {
                for (String region : options.regions()) {
                    LambdaClientBuilder builder = LambdaClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                            .httpClientBuilder(UrlConnectionHttpClient.builder());
                    if (options.endpoint() != null) {
                        builder.endpointOverride(options.endpoint());
                    }
                    clients.put(region, builder.build());
                }
                return publish(options, clients, out, err);
            } finally {
                clients.values().forEach(LambdaClient::close);
            }
        }
    }

    private static int publish(PublishOptions options, Map<String, LambdaClient> clients, PrintStream out, PrintStream err) {
        Map<String, Rollout> rollouts = new LinkedHashMap<>();
        options.zips().forEach((arch, zip) -> rollouts.put(arch, Rollout.read(zip, options.layerName(arch), clients)));
        rollouts.values().forEach(rollout -> rollout.printPlan(out));
        List<Permission> permissions = Permission.of(options);
        out.println("permissions: " + (permissions.isEmpty() ? "this account only" : permissions.stream().map(Permission::statementId).toList()));
        if (!options.apply()) {
            out.println("dry run: nothing was published; add --apply to publish");
            return rollouts.values().stream().allMatch(r -> r.failures().isEmpty()) ? 0 : 1;
        }

        Map<String, Map<String, String>> published = new LinkedHashMap<>();
        boolean failed = false;
        for (Map.Entry<String, Rollout> rollout : rollouts.entrySet()) {
            rollout.getValue().apply(permissions, out);
            published.put(rollout.getKey(), rollout.getValue().published());
            for (Map.Entry<String, String> failure : rollout.getValue().failures().entrySet()) {
                err.printf("lambdascope-layer-publisher: %s %s: %s%n", options.layerName(rollout.getKey()), failure.getKey(), failure.getValue());
                failed = true;
            }
        }
        LayerZip any = options.zips().values().iterator().next();
        try {
            ManifestFile.addRelease(options.manifest(), options.version(), any.compatibleRuntimes(), published);
            LayerTable.write(options.manifest());
            out.println("wrote release " + options.version() + " to " + options.manifest() + " and " + LayerTable.pageFor(options.manifest()));
        } catch (IOException e) {
            err.println("lambdascope-layer-publisher: cannot write the manifest " + options.manifest() + ": " + e.getMessage());
            return 1;
        }
        if (failed) {
            err.println("lambdascope-layer-publisher: some regions failed; run the same command again to resume");
            return 1;
        }
        return 0;
    }
}
