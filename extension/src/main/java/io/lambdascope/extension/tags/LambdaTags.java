package io.lambdascope.extension.tags;

import io.lambdascope.extension.aws.AwsClient;
import io.lambdascope.extension.aws.AwsException;
import io.lambdascope.extension.aws.AwsService;
import io.lambdascope.extension.json.JsonValue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a function's tags from Lambda: {@code ListTags} on its ARN, built from the account id the
 * register answer gave; without one, {@code GetFunction} on its name first, to learn the ARN.
 */
final class LambdaTags {

    /** The permission each call needs, for the warning when it is refused. */
    static final String LIST_TAGS = "lambda:ListTags";
    static final String GET_FUNCTION = "lambda:GetFunction";

    private final AwsClient client;
    private final String region;
    private final Optional<String> account;
    private final String functionName;

    LambdaTags(AwsClient client, String region, Optional<String> account, String functionName) {
        this.client = client;
        this.region = region;
        this.account = account.filter(id -> !id.isBlank());
        this.functionName = functionName;
    }

    /**
     * The tags, as Lambda keeps them.
     *
     * @throws AwsException when a call fails; its operation names the permission it needs
     */
    Map<String, String> fetch() {
        String arn = account.map(id -> FunctionArn.of(region, id, functionName)).orElseGet(this::arnFromLambda);
        JsonValue tags = client.get(AwsService.LAMBDA, region, LIST_TAGS, "/2017-03-31/tags/" + encoded(arn)).path("Tags");
        Map<String, String> result = new LinkedHashMap<>();
        tags.fields().forEach(tag -> {
            if (tag.getValue().isString()) {
                result.put(tag.getKey(), tag.getValue().stringValue());
            }
        });
        return result;
    }

    private String arnFromLambda() {
        JsonValue arn = client.get(AwsService.LAMBDA, region, GET_FUNCTION, "/2015-03-31/functions/" + encoded(functionName))
                .path("Configuration").get("FunctionArn");
        if (arn == null || !arn.isString() || arn.stringValue().isBlank()) {
            throw new AwsException(GET_FUNCTION, "NoFunctionArn", 200);
        }
        return arn.stringValue();
    }

    private static String encoded(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
