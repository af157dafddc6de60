package io.lambdascope.extension.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lambdascope.extension.json.JsonValue;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one AWS API call: a request signed with Signature Version 4 by the SDK's signer, sent with
 * the SDK's URL-connection client, its JSON answer read as a {@link JsonValue}. A service client
 * would bring megabytes of generated code, endpoint rules and interceptors for the one operation
 * each service is asked; the wire format of these operations is small and stable.
 *
 * <p>Everything comes from the environment given, which in Lambda is the function's: credentials
 * from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}
 * (Lambda's do not change during an environment's life, and the SDK's default chain would also
 * probe profile files and the instance metadata service, which finds nothing in Lambda), endpoint
 * overrides as {@link AwsService#endpoint} reads them.
 *
 * <p>The only class that names SDK types. Thread-safe.
 */
public final class AwsClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonFactory REQUESTS = JsonFactory.builder().build();

    private final Map<String, String> environment;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT).build();

    /**
     * A client for the process environment.
     *
     * @param environment credentials and endpoint overrides
     */
    public AwsClient(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * A JSON 1.1 call ({@code POST /} named by {@code X-Amz-Target}), as Secrets Manager and SSM take them.
     *
     * @param service the service
     * @param region its region
     * @param target e.g. {@code AmazonSSM.GetParameter}
     * @param body writes the fields of the request's object
     * @return the answer
     * @throws AwsException when the service refuses it or it cannot be made; the message names the target and the error code
     */
    public JsonValue json(AwsService service, String region, String target, Fields body) {
        byte[] bytes = request(body);
        URI endpoint = service.endpoint(environment, region);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath(stripSlash(endpoint.getRawPath()) + "/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .build();
        return call(service, region, target, request, bytes);
    }

    /**
     * A REST-JSON {@code GET}, as Lambda takes them.
     *
     * @param service the service
     * @param region its region
     * @param operation names the call in errors, e.g. {@code lambda:ListTags}
     * @param encodedPath the path, its parts already percent-encoded
     * @return the answer
     * @throws AwsException when the service refuses it or it cannot be made; the message names the operation and the error code
     */
    public JsonValue get(AwsService service, String region, String operation, String encodedPath) {
        URI endpoint = service.endpoint(environment, region);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(endpoint)
                .encodedPath(stripSlash(endpoint.getRawPath()) + encodedPath)
                .putHeader("Accept", "application/json")
                .build();
        return call(service, region, operation, request, null);
    }

    private JsonValue call(AwsService service, String region, String operation, SdkHttpFullRequest request, byte[] body) {
        SignedRequest signed = signer.sign(r -> r.identity(credentials(operation))
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            int status = response.httpResponse().statusCode();
            byte[] answer;
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElseGet(InputStream::nullInputStream)) {
                answer = in.readAllBytes();
            }
            JsonValue json = parse(answer);
            if (status / 100 != 2) {
                throw new AwsException(operation, errorCode(response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"), json, status),
                        status);
            }
            if (json == null) {
                throw new AwsException(operation, "MalformedAnswer", status);
            }
            return json;
        } catch (IOException | UncheckedIOException e) {
            // The exception's message may quote a host or a path, never a value; its type says enough.
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            throw new AwsException(operation, cause.getClass().getSimpleName(), 0);
        }
    }

    /**
     * The error code of a refused call: {@code x-amzn-ErrorType} ({@code Code:namespace}), else
     * the answer's {@code __type} ({@code namespace#Code}) or {@code code}, else the status.
     */
    static String errorCode(Optional<String> header, JsonValue answer, int status) {
        Optional<String> code = header.map(value -> value.split(":", 2)[0].strip()).filter(value -> !value.isEmpty());
        if (code.isEmpty() && answer != null) {
            code = Optional.ofNullable(answer.get("__type")).or(() -> Optional.ofNullable(answer.get("code")))
                    .or(() -> Optional.ofNullable(answer.get("Code")))
                    .map(JsonValue::asText)
                    .map(value -> value.substring(value.lastIndexOf('#') + 1).strip())
                    .filter(value -> !value.isEmpty());
        }
        return code.orElse("HTTP" + status);
    }

    private static JsonValue parse(byte[] answer) {
        if (answer.length == 0) {
            return null;
        }
        try {
            return JsonValue.parse(answer);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A JSON 1.1 request: one object, in UTF-8. Written as text first: Jackson's byte generator
     * would escape characters beyond the BMP as surrogate pairs, which the text one writes as they are.
     */
    static byte[] request(Fields fields) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = REQUESTS.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; a generator refuses only fields written out of order.
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private AwsCredentialsIdentity credentials(String operation) {
        Optional<String> id = AwsService.variable(environment, "AWS_ACCESS_KEY_ID");
        Optional<String> key = AwsService.variable(environment, "AWS_SECRET_ACCESS_KEY");
        if (id.isEmpty() || key.isEmpty()) {
            throw new AwsException(operation, "no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)", 0);
        }
        return AwsService.variable(environment, "AWS_SESSION_TOKEN")
                .<AwsCredentialsIdentity>map(token -> AwsSessionCredentialsIdentity.create(id.get(), key.get(), token))
                .orElseGet(() -> AwsCredentialsIdentity.create(id.get(), key.get()));
    }

    private static String stripSlash(String path) {
        return path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Writes the fields of a request's JSON object. */
    @FunctionalInterface
    public interface Fields {
        /**
         * @param json the generator, inside the object
         * @throws IOException as the generator does
         */
        void write(JsonGenerator json) throws IOException;
    }
}
