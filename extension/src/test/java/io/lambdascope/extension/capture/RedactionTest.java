package io.lambdascope.extension.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.config.RedactionConfig;
import io.lambdascope.extension.config.Sampling;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.lambdascope.extension.capture.Captures.attributes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No secret leaves the function: every HTTP event of the corpus, answered by every response of the
 * corpus, and every value of the span scanned for the values of credential
 * headers, cookies and redacted query parameters.
 */
class RedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXTRA_HEADERS = List.of("x-amz-security-token", "x-amz-cf-id");
    private static final List<String> QUERY = List.of("query", "hello", "foo", "name", "key");
    private static final List<String> RESPONSES = List.of("alb-response-multivalue.json", "apigw-v1-response-set-cookie-multivalue.json",
            "apigw-v2-response-cookies.json", "lambda-function-url-response-cookies.json");

    @TestFactory
    Stream<DynamicTest> noSecretInAnySpan() throws IOException {
        Path folder = Captures.fixtures();
        List<Path> events;
        try (Stream<Path> listed = Files.list(folder)) {
            events = listed.filter(p -> p.getFileName().toString().matches("(alb|apigw|lambda-function-url).*\\.json"))
                    .filter(p -> !RESPONSES.contains(p.getFileName().toString()) && !p.getFileName().toString().contains("response"))
                    .sorted().toList();
        }
        assertTrue(events.size() > 25, "HTTP events missing from " + folder);
        return events.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] event = Files.readAllBytes(file);
            // Bodies off: a body is recorded as sent (documented), and one of these echoes a query value.
            EventCapture capture = Captures.capture(false, 1 << 20, EXTRA_HEADERS, QUERY);
            for (String responseFile : RESPONSES) {
                byte[] response = Captures.fixture(responseFile);
                Set<String> secrets = secrets(JSON.readTree(event));
                secrets.addAll(secrets(JSON.readTree(response)));
                assertFalse(secrets.isEmpty() && file.getFileName().toString().contains("cookie"), "no secret found to look for");
                Span span = Captures.started(capture, event).response(response);
                for (String string : Captures.strings(span)) {
                    for (String secret : secrets) {
                        assertFalse(string.equals(secret) || (secret.length() >= 4 && string.contains(secret)),
                                "the span of " + file.getFileName() + " with " + responseFile + " shows " + secret + " in " + string);
                    }
                }
            }
        }));
    }

    @Test
    void queryValuesOfNamedParametersAreReplaced() {
        EventCapture capture = Captures.capture(false, 0, List.of(), List.of("token", "code"));
        Span span = Captures.started(capture, """
                {"version":"2.0","routeKey":"GET /cb","rawPath":"/cb","rawQueryString":"state=abc&Code=s3cr3t&%74oken=t0k3n&flag",
                 "requestContext":{"http":{"method":"GET","path":"/cb"},"domainName":"x.execute-api.eu-west-1.amazonaws.com"}}
                """).response(new byte[0]);
        assertEquals("state=abc&Code=REDACTED&%74oken=REDACTED&flag", attributes(span).get("url.query"));
    }

    @Test
    void extraHeadersAreRedactedInRequestsAndResponses() {
        EventCapture capture = Captures.capture(false, 0, List.of("x-session"), List.of());
        Span span = Captures.started(capture, """
                {"version":"2.0","routeKey":"$default","rawPath":"/","headers":{"X-Session":"abc123","Proxy-Authorization":"Basic eA=="},
                 "requestContext":{"http":{"method":"GET","path":"/"},"domainName":"x.lambda-url.eu-west-1.on.aws"}}
                """).response("""
                {"statusCode":200,"headers":{"x-session":"def456","content-type":"text/plain"},"cookies":["a=b"]}
                """.getBytes(StandardCharsets.UTF_8));
        var attributes = attributes(span);
        assertEquals(List.of("REDACTED"), attributes.get("http.request.header.x-session"));
        assertEquals(List.of("REDACTED"), attributes.get("http.request.header.proxy-authorization"));
        assertEquals(List.of("REDACTED"), attributes.get("http.response.header.x-session"));
        assertEquals(List.of("REDACTED"), attributes.get("http.response.header.set-cookie"));
        assertEquals(List.of("text/plain"), attributes.get("http.response.header.content-type"));
    }

    @Test
    void attributesMatchingTheUsersPatternAreDropped() {
        EventCapture capture = new EventCapture(new CaptureConfig(true, false, 0, 9009),
                new RedactionConfig(List.of(), Optional.of(Pattern.compile("http\\.request\\.header\\..*|client\\.address")), List.of()),
                Sampling.ALL, () -> 1L, new SplittableRandom(1));
        Span span = Captures.started(capture, Captures.fixture("apigw-v2-http-iam-auth.json")).response(new byte[0]);
        var attributes = attributes(span);
        assertTrue(attributes.keySet().stream().noneMatch(key -> key.startsWith("http.request.header.")), attributes.toString());
        assertFalse(attributes.containsKey("client.address"));
        assertEquals("/iam", attributes.get("url.path"));
    }

    /** The values that must never appear: credential headers, cookies, redacted query values, authorizer tokens. */
    private static Set<String> secrets(JsonNode node) {
        Set<String> redacted = new HashSet<>(io.lambdascope.extension.config.RedactionConfig.ALWAYS_REDACTED_HEADERS);
        redacted.addAll(EXTRA_HEADERS);
        Set<String> secrets = new HashSet<>();
        for (String field : List.of("headers", "multiValueHeaders")) {
            node.path(field).properties().forEach(header -> {
                if (redacted.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    values(header.getValue(), secrets);
                }
            });
        }
        values(node.path("cookies"), secrets);
        for (String field : List.of("queryStringParameters", "multiValueQueryStringParameters")) {
            node.path(field).properties().forEach(parameter -> {
                if (QUERY.contains(parameter.getKey().toLowerCase(Locale.ROOT))) {
                    values(parameter.getValue(), secrets);
                }
            });
        }
        for (String pair : node.path("rawQueryString").asText("").split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && QUERY.contains(pair.substring(0, equals).toLowerCase(Locale.ROOT))) {
                secrets.add(pair.substring(equals + 1));
            }
        }
        values(node.path("authorizationToken"), secrets);
        values(node.path("identitySource"), secrets);
        secrets.removeIf(String::isEmpty);
        return secrets;
    }

    private static void values(JsonNode node, Set<String> out) {
        List<JsonNode> nodes = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        nodes.stream().filter(JsonNode::isTextual).forEach(value -> out.add(value.textValue()));
    }
}
