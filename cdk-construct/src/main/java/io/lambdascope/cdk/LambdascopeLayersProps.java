package io.lambdascope.cdk;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;

/**
 * What {@link LambdascopeLayers} publishes, and who may use it.
 *
 * @param x86_64Zip the built x86_64 layer zip ({@code lambdascope-extension-x86_64.zip}).
 *        {@code @default} none: no x86_64 layer; functions on x86_64 then fail validation
 * @param arm64Zip the built arm64 layer zip ({@code lambdascope-extension-arm64.zip}).
 *        {@code @default} none: no arm64 layer; functions on arm64 then fail validation
 * @param layerVersionName prefix of the layer names; the architecture is appended.
 *        {@code @default} {@code "lambdascope"}, giving {@code lambdascope-x86_64} and {@code lambdascope-arm64}
 * @param removalPolicy what happens to a layer version when the stack no longer holds it.
 *        {@code @default} {@link RemovalPolicy#RETAIN}, so functions elsewhere that use an old version keep working
 * @param shareWithAccounts account ids that may use the layers. {@code @default} none: only this account
 * @param shareWithOrganization an AWS Organizations id ({@code o-…}) whose accounts may use the layers.
 *        {@code @default} none
 * @param allowNotForRelease publish a zip its build marked not for release (an arm64 runtime linked
 *        against a newer glibc than Lambda's, as in test builds), with a warning instead of an error.
 *        {@code @default} false
 */
public record LambdascopeLayersProps(String x86_64Zip, String arm64Zip, String layerVersionName, RemovalPolicy removalPolicy,
        List<String> shareWithAccounts, String shareWithOrganization, boolean allowNotForRelease) {

    /**
     * Starts the props.
     *
     * @return a builder with every default
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link LambdascopeLayersProps}. */
    public static final class Builder {
        private String x86_64Zip;
        private String arm64Zip;
        private String layerVersionName = "lambdascope";
        private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
        private List<String> shareWithAccounts = List.of();
        private String shareWithOrganization;
        private boolean allowNotForRelease;

        private Builder() {
        }

        /**
         * Sets the x86_64 layer zip.
         *
         * @param path the x86_64 layer zip
         * @return this builder
         */
        public Builder x86_64Zip(String path) {
            this.x86_64Zip = path;
            return this;
        }

        /**
         * Sets the arm64 layer zip.
         *
         * @param path the arm64 layer zip
         * @return this builder
         */
        public Builder arm64Zip(String path) {
            this.arm64Zip = path;
            return this;
        }

        /**
         * Sets prefix of the layer names.
         *
         * @param name prefix of the layer names
         * @return this builder
         */
        public Builder layerVersionName(String name) {
            this.layerVersionName = name;
            return this;
        }

        /**
         * Sets removal policy of the layer versions.
         *
         * @param policy removal policy of the layer versions
         * @return this builder
         */
        public Builder removalPolicy(RemovalPolicy policy) {
            this.removalPolicy = policy;
            return this;
        }

        /**
         * Sets accounts that may use the layers.
         *
         * @param accountIds accounts that may use the layers
         * @return this builder
         */
        public Builder shareWithAccounts(List<String> accountIds) {
            this.shareWithAccounts = List.copyOf(accountIds);
            return this;
        }

        /**
         * Sets organization whose accounts may use the layers.
         *
         * @param organizationId organization whose accounts may use the layers
         * @return this builder
         */
        public Builder shareWithOrganization(String organizationId) {
            this.shareWithOrganization = organizationId;
            return this;
        }

        /**
         * Sets publish zips marked not for release, with a warning.
         *
         * @param allow publish zips marked not for release, with a warning
         * @return this builder
         */
        public Builder allowNotForRelease(boolean allow) {
            this.allowNotForRelease = allow;
            return this;
        }

        /**
         * Builds the props.
         *
         * @return the props
         */
        public LambdascopeLayersProps build() {
            return new LambdascopeLayersProps(x86_64Zip, arm64Zip, layerVersionName, removalPolicy, shareWithAccounts,
                    shareWithOrganization, allowNotForRelease);
        }
    }
}
