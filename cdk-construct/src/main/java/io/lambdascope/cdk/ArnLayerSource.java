package io.lambdascope.cdk;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;

/** Layer versions given by ARN. */
final class ArnLayerSource implements LayerSource {
    private static final Pattern LAYER_VERSION_ARN = Pattern.compile("arn:[a-z-]+:lambda:([a-z0-9-]+):\\d{12}:layer:[A-Za-z0-9_-]+:\\d+");

    private final String x86_64Arn;
    private final String arm64Arn;

    ArnLayerSource(String x86_64Arn, String arm64Arn) {
        if (x86_64Arn == null && arm64Arn == null) {
            throw new IllegalArgumentException("lambdascope: give a layer version arn for x86_64, arm64 or both");
        }
        this.x86_64Arn = checked(x86_64Arn);
        this.arm64Arn = checked(arm64Arn);
    }

    private static String checked(String arn) {
        if (arn != null && !Token.isUnresolved(arn) && !LAYER_VERSION_ARN.matcher(arn).matches()) {
            throw new IllegalArgumentException("lambdascope: not a layer version arn: '" + arn + "'");
        }
        return arn;
    }

    @Override
    public ILayerVersion layerFor(Construct function, Architecture architecture) {
        String arn = Architectures.isArm64(architecture) ? arm64Arn : x86_64Arn;
        if (arn == null) {
            throw new IllegalArgumentException("no lambdascope layer arn was given for " + architecture.getName());
        }
        String region = Stack.of(function).getRegion();
        Matcher matcher = LAYER_VERSION_ARN.matcher(arn);
        if (!Token.isUnresolved(region) && !Token.isUnresolved(arn) && matcher.matches() && !matcher.group(1).equals(region)) {
            throw new IllegalArgumentException("the lambdascope layer '" + arn + "' is in " + matcher.group(1)
                    + ", but the function's stack deploys to " + region + "; lambda only attaches layers of the function's region");
        }
        return LayerVersion.fromLayerVersionArn(function, "LambdascopeLayer", arn);
    }
}
