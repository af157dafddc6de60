package io.lambdascope.cdk;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LambdaRuntimeProps;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersionPermission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.RuntimeFamily;
import software.constructs.Construct;

/**
 * Publishes the Lambdascope layers from their built zips into the stack's account and region: one
 * layer per architecture, declaring its architecture, the runtimes from the zip's
 * {@code layer.json}, the licence and the version. Use it as the {@link LayerSource} of
 * {@link Lambdascope}.
 *
 * <pre>{@code
 * LambdascopeLayers layers = new LambdascopeLayers(this, "LambdascopeLayers", LambdascopeLayersProps.builder()
 *         .x86_64Zip("layers/lambdascope-extension-x86_64.zip")
 *         .arm64Zip("layers/lambdascope-extension-arm64.zip")
 *         .shareWithOrganization("o-abc123")
 *         .build());
 * }</pre>
 */
public final class LambdascopeLayers extends Construct implements LayerSource {
    /** The extension's licence, as the layers declare it. */
    public static final String LICENSE = "Apache-2.0";
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");

    private final LayerVersion x86_64;
    private final LayerVersion arm64;
    private final String version;

    /**
     * Publishes the layers of the given zips.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the zips and who may use the layers
     */
    public LambdascopeLayers(Construct scope, String id, LambdascopeLayersProps props) {
        super(scope, id);
        if (props.x86_64Zip() == null && props.arm64Zip() == null) {
            throw new IllegalArgumentException("lambdascope: give the x86_64 layer zip, the arm64 one, or both");
        }
        props.shareWithAccounts().forEach(account -> {
            if (!ACCOUNT_ID.matcher(account).matches()) {
                throw new IllegalArgumentException("lambdascope: an account id has 12 digits, got '" + account + "'");
            }
        });
        if (props.shareWithOrganization() != null && !ORGANIZATION_ID.matcher(props.shareWithOrganization()).matches()) {
            throw new IllegalArgumentException("lambdascope: an organization id looks like o-a1b2c3d4e5, got '" + props.shareWithOrganization() + "'");
        }
        LayerZip x86Zip = props.x86_64Zip() == null ? null : checked(LayerZip.read(Path.of(props.x86_64Zip())), Architectures.X86_64, props);
        LayerZip armZip = props.arm64Zip() == null ? null : checked(LayerZip.read(Path.of(props.arm64Zip())), Architectures.ARM64, props);
        if (x86Zip != null && armZip != null && !x86Zip.version().equals(armZip.version())) {
            throw new IllegalArgumentException("lambdascope: the layer zips are of different versions: x86_64 " + x86Zip.version()
                    + ", arm64 " + armZip.version());
        }
        this.version = (x86Zip != null ? x86Zip : armZip).version();
        this.x86_64 = x86Zip == null ? null : publish(x86Zip, Architecture.X86_64, props);
        this.arm64 = armZip == null ? null : publish(armZip, Architecture.ARM_64, props);
    }

    private LayerZip checked(LayerZip zip, String architecture, LambdascopeLayersProps props) {
        if (!zip.architecture().equals(architecture)) {
            throw new IllegalArgumentException("lambdascope: the zip given as the " + architecture + " layer holds the "
                    + zip.architecture() + " one: " + zip.path());
        }
        if (!zip.release()) {
            String message = "the " + architecture + " layer zip " + zip.path() + " is marked not for release: its runtime needs a newer"
                    + " glibc than lambda's; build it from a temurin or corretto jdk";
            if (!props.allowNotForRelease()) {
                throw new IllegalArgumentException("lambdascope: " + message);
            }
            Annotations.of(this).addWarningV2("lambdascope:notForRelease", message);
        }
        return zip;
    }

    private LayerVersion publish(LayerZip zip, Architecture architecture, LambdascopeLayersProps props) {
        String arch = Architectures.name(architecture);
        LayerVersion layer = LayerVersion.Builder.create(this, arch)
                .layerVersionName(props.layerVersionName() + "-" + arch)
                .code(Code.fromAsset(zip.path().toAbsolutePath().toString()))
                .compatibleArchitectures(List.of(architecture))
                .compatibleRuntimes(zip.compatibleRuntimes().stream().map(LambdascopeLayers::runtime).toList())
                .license(LICENSE)
                .description("Lambdascope " + zip.version() + " (" + arch + "): OpenTelemetry traces, metrics and logs for AWS Lambda")
                .removalPolicy(props.removalPolicy())
                .build();
        for (String account : props.shareWithAccounts()) {
            layer.addPermission("Account" + account, LayerVersionPermission.builder().accountId(account).build());
        }
        if (props.shareWithOrganization() != null) {
            layer.addPermission("Organization", LayerVersionPermission.builder()
                    .accountId("*").organizationId(props.shareWithOrganization()).build());
        }
        return layer;
    }

    /**
     * A runtime as CDK's own constants have it (family, inline code for Node.js and Python), so
     * that CDK's check of a function's runtime against the layer's list matches it.
     */
    private static Runtime runtime(String name) {
        RuntimeFamily family = name.startsWith("java") ? RuntimeFamily.JAVA
                : name.startsWith("python") ? RuntimeFamily.PYTHON
                : name.startsWith("nodejs") ? RuntimeFamily.NODEJS
                : name.startsWith("ruby") ? RuntimeFamily.RUBY
                : name.startsWith("dotnet") ? RuntimeFamily.DOTNET_CORE
                : RuntimeFamily.OTHER;
        boolean inlineCode = family == RuntimeFamily.PYTHON || family == RuntimeFamily.NODEJS;
        return new Runtime(name, family, LambdaRuntimeProps.builder().supportsInlineCode(inlineCode).build());
    }

    /**
     * The version the zips declare.
     *
     * @return the extension version of the published layers
     */
    public String getVersion() {
        return version;
    }

    /**
     * The published x86_64 layer.
     *
     * @return the x86_64 layer, or {@code null} when no x86_64 zip was given
     */
    public ILayerVersion getX86_64Layer() {
        return x86_64;
    }

    /**
     * The published arm64 layer.
     *
     * @return the arm64 layer, or {@code null} when no arm64 zip was given
     */
    public ILayerVersion getArm64Layer() {
        return arm64;
    }

    @Override
    public ILayerVersion layerFor(Construct function, Architecture architecture) {
        ILayerVersion layer = Architectures.isArm64(architecture) ? arm64 : x86_64;
        if (layer == null) {
            throw new IllegalArgumentException("no " + Architectures.name(architecture) + " lambdascope layer is published by "
                    + getNode().getPath() + " (give its " + Architectures.name(architecture) + " zip)");
        }
        return layer;
    }
}
