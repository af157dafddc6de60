package io.lambdascope.extension.secret;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads secrets with the AWS SDK for Java v2 over the JDK's URL connection. The only class that
 * names SDK types: it is loaded only when a secret is configured, and the SDK's jars are on the
 * class path only then.
 *
 * <p>Everything comes from the environment given, which in Lambda is the function's: credentials
 * from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} (the
 * variables {@code EnvironmentVariableCredentialsProvider} reads; the SDK's default chain would
 * also probe profile files and the instance metadata service, which costs start time and finds
 * nothing in Lambda; Lambda's credentials do not change during an environment's life), the region from the reference's ARN or else {@code AWS_REGION}, and an
 * endpoint from the SDK's standard {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, {@code AWS_ENDPOINT_URL_SSM}
 * or {@code AWS_ENDPOINT_URL}.
 */
final class AwsSecretStore implements SecretStore {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> environment;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();
    private SdkHttpClient http;

    AwsSecretStore(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String fetch(SecretReference reference) {
        Region region = Region.of(reference.region().or(() -> variable("AWS_REGION")).or(() -> variable("AWS_DEFAULT_REGION"))
                .orElseThrow(() -> new SecretException("the export headers secret " + reference
                        + " cannot be read: no region in its reference nor in AWS_REGION")));
        try {
            return switch (reference.store()) {
                case SECRETS_MANAGER -> {
                    SecretsManagerClient client = (SecretsManagerClient) clients.computeIfAbsent("secretsmanager " + region,
                            unused -> SecretsManagerClient.builder()
                                    .httpClient(http())
                                    .region(region)
                                    .credentialsProvider(StaticCredentialsProvider.create(credentials()))
                                    .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT))
                                    .applyMutation(b -> endpoint("AWS_ENDPOINT_URL_SECRETS_MANAGER").ifPresent(b::endpointOverride))
                                    .build());
                    String value = client.getSecretValue(r -> r.secretId(reference.id())).secretString();
                    if (value == null) {
                        throw new SecretException("the export headers secret " + reference + " holds binary data, not text");
                    }
                    yield value;
                }
                case SSM -> {
                    SsmClient client = (SsmClient) clients.computeIfAbsent("ssm " + region,
                            unused -> SsmClient.builder()
                                    .httpClient(http())
                                    .region(region)
                                    .credentialsProvider(StaticCredentialsProvider.create(credentials()))
                                    .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT))
                                    .applyMutation(b -> endpoint("AWS_ENDPOINT_URL_SSM").ifPresent(b::endpointOverride))
                                    .build());
                    yield client.getParameter(r -> r.name(reference.id()).withDecryption(true)).parameter().value();
                }
            };
        } catch (AwsServiceException e) {
            // The error code and status say what is wrong (AccessDeniedException, ResourceNotFoundException,
            // ParameterNotFound); the request held no value and neither does the answer to a failed one.
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new SecretException("the export headers secret " + reference + " cannot be read: "
                    + (code == null || code.isEmpty() ? e.getClass().getSimpleName() : code) + " (HTTP " + e.statusCode() + ")");
        } catch (SdkException e) {
            throw new SecretException("the export headers secret " + reference + " cannot be read: " + e.getClass().getSimpleName()
                    + Optional.ofNullable(e.getCause()).map(cause -> " (" + cause.getClass().getSimpleName() + ")").orElse(""));
        }
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(CALL_TIMEOUT).build();
        }
        return http;
    }

    private AwsCredentials credentials() {
        Optional<String> id = variable("AWS_ACCESS_KEY_ID");
        Optional<String> key = variable("AWS_SECRET_ACCESS_KEY");
        if (id.isEmpty() || key.isEmpty()) {
            throw new SecretException("no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
        }
        Optional<String> token = variable("AWS_SESSION_TOKEN");
        return token.<AwsCredentials>map(t -> AwsSessionCredentials.create(id.get(), key.get(), t))
                .orElseGet(() -> AwsBasicCredentials.create(id.get(), key.get()));
    }

    /** The service's own endpoint variable, else the one for every service. */
    private Optional<URI> endpoint(String serviceVariable) {
        return variable(serviceVariable).or(() -> variable("AWS_ENDPOINT_URL")).map(URI::create);
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
