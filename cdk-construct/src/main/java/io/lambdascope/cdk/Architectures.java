package io.lambdascope.cdk;

import software.amazon.awscdk.services.lambda.Architecture;

/** The two architectures Lambda runs, by the names Lambda and the layer zips use. */
final class Architectures {
    static final String X86_64 = "x86_64";
    static final String ARM64 = "arm64";

    private Architectures() {
    }

    static boolean isArm64(Architecture architecture) {
        return ARM64.equals(architecture.getName());
    }

    static String name(Architecture architecture) {
        return isArm64(architecture) ? ARM64 : X86_64;
    }
}
