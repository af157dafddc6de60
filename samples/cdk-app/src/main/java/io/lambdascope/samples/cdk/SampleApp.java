package io.lambdascope.samples.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The sample CDK app: one stack, {@code LambdascopeSample}. It deploys to the CLI's default
 * account and region when the CLI knows them, and is environment-agnostic otherwise, so
 * {@code cdk synth} needs no AWS account.
 */
public final class SampleApp {
    private SampleApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        StackProps.Builder props = StackProps.builder().description("Lambdascope sample: an HTTP API with a Java and a Python function on arm64");
        if (account != null && region != null) {
            props.env(Environment.builder().account(account).region(region).build());
        }
        new SampleStack(app, "LambdascopeSample", props.build());
        app.synth();
    }
}
