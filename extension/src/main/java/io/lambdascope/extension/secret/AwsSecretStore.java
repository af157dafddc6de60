package io.lambdascope.extension.secret;

import io.lambdascope.extension.aws.AwsClient;
import io.lambdascope.extension.aws.AwsException;
import io.lambdascope.extension.aws.AwsService;
import io.lambdascope.extension.json.JsonValue;

import java.util.Map;
import java.util.Optional;

/**
 * Reads secrets with Secrets Manager's {@code GetSecretValue} and SSM's {@code GetParameter} (with
 * decryption), each one signed JSON 1.1 call through {@link AwsClient}. The region is the
 * reference's ARN's, else {@code AWS_REGION}; credentials and endpoint overrides
 * ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL_SSM}, {@code AWS_ENDPOINT_URL})
 * come from the environment. Made only when a secret is configured, on the reading thread.
 */
final class AwsSecretStore implements SecretStore {

    private final Map<String, String> environment;
    private final AwsClient client;

    AwsSecretStore(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.client = new AwsClient(environment);
    }

    @Override
    public String fetch(SecretReference reference) {
        String region = reference.region().or(() -> variable("AWS_REGION")).or(() -> variable("AWS_DEFAULT_REGION"))
                .orElseThrow(() -> new SecretException("the export headers secret " + reference
                        + " cannot be read: no region in its reference nor in AWS_REGION"));
        try {
            return switch (reference.store()) {
                case SECRETS_MANAGER -> {
                    JsonValue answer = client.json(AwsService.SECRETS_MANAGER, region, "secretsmanager.GetSecretValue",
                            json -> json.writeStringField("SecretId", reference.id()));
                    JsonValue value = answer.get("SecretString");
                    if (value == null || !value.isString()) {
                        throw new SecretException("the export headers secret " + reference + " holds binary data, not text");
                    }
                    yield value.stringValue();
                }
                case SSM -> {
                    JsonValue answer = client.json(AwsService.SSM, region, "AmazonSSM.GetParameter",
                            json -> {
                                json.writeStringField("Name", reference.id());
                                json.writeBooleanField("WithDecryption", true);
                            });
                    JsonValue value = answer.path("Parameter").get("Value");
                    if (value == null || !value.isString()) {
                        throw new SecretException("the export headers secret " + reference + " cannot be read: the answer holds no value");
                    }
                    yield value.stringValue();
                }
            };
        } catch (AwsException e) {
            // The error code and status say what is wrong (AccessDeniedException, ResourceNotFoundException,
            // ParameterNotFound); the request held no value and neither does the answer to a failed one.
            throw new SecretException("the export headers secret " + reference + " cannot be read: " + e.code()
                    + (e.status() > 0 ? " (HTTP " + e.status() + ")" : ""));
        }
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
