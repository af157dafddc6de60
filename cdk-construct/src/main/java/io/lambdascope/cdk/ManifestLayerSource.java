package io.lambdascope.cdk;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnMapping;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;

/** A release of the layer manifest, resolved per region at synth time or, failing that, at deploy time. */
final class ManifestLayerSource implements LayerSource {
    private final LayerManifest.Release release;

    ManifestLayerSource(LayerManifest.Release release) {
        this.release = release;
    }

    @Override
    public ILayerVersion layerFor(Construct function, Architecture architecture) {
        String arch = Architectures.name(architecture);
        Stack stack = Stack.of(function);
        String region = stack.getRegion();
        String arn;
        if (Token.isUnresolved(region)) {
            if (release.layers().values().stream().noneMatch(layers -> layers.containsKey(arch))) {
                throw new IllegalArgumentException("lambdascope release " + release.version() + " has no " + arch + " layer in any region");
            }
            arn = regionMap(stack).findInMap(Aws.REGION, mappingKey(arch));
        } else {
            arn = release.layers().getOrDefault(region, Map.of()).get(arch);
            if (arn == null) {
                throw new IllegalArgumentException("lambdascope release " + release.version() + " has no " + arch + " layer in "
                        + region + "; it has layers in " + release.layers().keySet());
            }
        }
        return LayerVersion.fromLayerVersionArn(function, "LambdascopeLayer", arn);
    }

    /** CloudFormation allows only letters and digits in a mapping's second-level keys: x86_64 becomes x8664. */
    static String mappingKey(String architecture) {
        return architecture.replace("_", "");
    }

    /** One mapping per stack and release: region, then architecture, to layer version ARN. */
    private CfnMapping regionMap(Stack stack) {
        String id = "LambdascopeLayers" + release.version().replaceAll("[^A-Za-z0-9]", "");
        if (stack.getNode().tryFindChild(id) instanceof CfnMapping existing) {
            return existing;
        }
        Map<String, Map<String, Object>> mapping = new LinkedHashMap<>();
        release.layers().forEach((region, layers) -> {
            Map<String, Object> byArchitecture = new LinkedHashMap<>();
            layers.forEach((arch, arn) -> byArchitecture.put(mappingKey(arch), arn));
            mapping.put(region, byArchitecture);
        });
        return CfnMapping.Builder.create(stack, id).mapping(mapping).build();
    }
}
