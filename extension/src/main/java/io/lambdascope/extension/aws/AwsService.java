package io.lambdascope.extension.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS services the extension calls: their signing names, default endpoints and the SDK's
 * standard variables that override an endpoint ({@code AWS_ENDPOINT_URL_<SERVICE>}, else
 * {@code AWS_ENDPOINT_URL}).
 */
public enum AwsService {
    /** Secrets Manager, JSON 1.1. */
    SECRETS_MANAGER("secretsmanager", "AWS_ENDPOINT_URL_SECRETS_MANAGER"),
    /** SSM Parameter Store, JSON 1.1. */
    SSM("ssm", "AWS_ENDPOINT_URL_SSM"),
    /** Lambda, REST-JSON. */
    LAMBDA("lambda", "AWS_ENDPOINT_URL_LAMBDA");

    private final String signingName;
    private final String endpointVariable;

    AwsService(String signingName, String endpointVariable) {
        this.signingName = signingName;
        this.endpointVariable = endpointVariable;
    }

    /** The name requests are signed for, which is also the endpoint's host prefix. */
    public String signingName() {
        return signingName;
    }

    /**
     * Where the service is reached in a region: the override the environment names, else the
     * service's regional endpoint in the region's partition.
     *
     * @param environment the process environment
     * @param region e.g. {@code eu-west-1}
     * @return the base URI, without a path
     */
    public URI endpoint(Map<String, String> environment, String region) {
        return variable(environment, endpointVariable).or(() -> variable(environment, "AWS_ENDPOINT_URL"))
                .map(URI::create)
                .orElseGet(() -> URI.create("https://" + signingName + "." + region + "." + dnsSuffix(region)));
    }

    /**
     * The partition a region belongs to, as ARNs name it.
     *
     * @param region e.g. {@code eu-west-1}, {@code cn-north-1}, {@code us-gov-west-1}
     * @return {@code aws}, {@code aws-cn} or {@code aws-us-gov}
     */
    public static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    private static String dnsSuffix(String region) {
        return partition(region).equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
