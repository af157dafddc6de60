package io.lambdascope.cdk;

import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.constructs.Construct;

/**
 * Where the Lambdascope layer of each architecture comes from: layers this app publishes
 * ({@link LambdascopeLayers}), layer version ARNs, or a release in the layer manifest.
 */
public interface LayerSource {

    /**
     * The layer for a function of the given architecture.
     *
     * @param function the function, whose stack gives the region
     * @param architecture the function's architecture
     * @return the layer to add to the function
     * @throws IllegalArgumentException with the reason when this source has no such layer
     */
    ILayerVersion layerFor(Construct function, Architecture architecture);

    /**
     * Existing layer versions, by ARN. A layer must be in the function's region; when the stack's
     * region is known, an ARN of another region fails at synth time.
     *
     * @param x86_64Arn the x86_64 layer version ARN, or {@code null} for none
     * @param arm64Arn the arm64 layer version ARN, or {@code null} for none
     * @return the source
     */
    static LayerSource fromArns(String x86_64Arn, String arm64Arn) {
        return new ArnLayerSource(x86_64Arn, arm64Arn);
    }

    /**
     * A release from the layer manifest. When the stack's region is known at synth time, its ARN
     * is chosen then; when it is not (an environment-agnostic stack), the template carries the
     * release's regions in a mapping and CloudFormation picks the deployment region's ARN.
     *
     * @param manifest the layer manifest
     * @param version the extension version to use
     * @return the source
     */
    static LayerSource fromManifest(LayerManifest manifest, String version) {
        return new ManifestLayerSource(manifest.release(version));
    }
}
