package io.lambdascope.extension.capture;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.lambdascope.extension.capture.Captures.attributes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each event of the fixture corpus must give when captured: the trigger, the span's name and
 * kind, and attributes each must have. Responses in the corpus are events of no trigger. The
 * capture tests check the span built in-process; the sandbox's tests check the span the OTLP sink
 * received from the real extension.
 */
public final class FixtureSpans {

    /** What one fixture must give: no span (trigger null), or a span with these attributes among others. */
    private record Expected(Trigger trigger, String name, Map<String, Object> attributes) {
    }

    private static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();

    private static void expect(String file, Trigger trigger, String name, Object... keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            attributes.put((String) keyValues[i], keyValues[i + 1]);
        }
        EXPECTED.put(file, new Expected(trigger, name, attributes));
    }

    private static void notCaptured(String file) {
        EXPECTED.put(file, new Expected(null, null, Map.of()));
    }

    static {
        expect("alb-cookie-header.json", Trigger.ALB, "GET",
                "http.request.method", "GET", "url.path", "/", "url.scheme", "http",
                "server.address", "lambda-YYYYYYYY.elb.amazonaws.com", "client.address", "192.0.2.1",
                "user_agent.original", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.11; rv:60.0) Gecko/20100101 Firefox/60.0",
                "http.request.header.cookie", List.of("REDACTED"), "http.request.body.size", 14L);
        expect("alb-get-query-and-body.json", Trigger.ALB, "GET",
                "url.path", "/lambda", "url.query", "query=1234ABCD", "client.address", "72.12.164.125",
                "http.request.header.x-imforwards", List.of("20"));
        expect("alb-multivalue.json", Trigger.ALB, "GET",
                "url.query", "key=hello", "user_agent.original", "curl/7.54.0", "client.address", "72.21.198.67",
                "http.request.header.x-myheader", List.of("123"));
        expect("alb-single-value-headers.json", Trigger.ALB, "GET",
                "url.query", "key=hello", "client.address", "25.12.198.67", "http.request.header.x-myheader", List.of("123"));
        notCaptured("alb-response-multivalue.json");
        notCaptured("apigw-custom-authorizer-policy-response.json");
        expect("apigw-custom-authorizer-request-type-multivalue.json", Trigger.API_GATEWAY_AUTHORIZER, "REQUEST authorizer",
                "faas.trigger", "other", "aws.apigateway.authorizer.type", "REQUEST", "http.request.method", "GET",
                "http.route", "/request");
        expect("apigw-custom-authorizer-token-request.json", Trigger.API_GATEWAY_AUTHORIZER, "TOKEN authorizer",
                "aws.apigateway.authorizer.type", "TOKEN");
        expect("apigw-custom-authorizer-v2-payload-request.json", Trigger.API_GATEWAY_AUTHORIZER, "REQUEST authorizer",
                "http.request.method", "POST", "url.path", "/my/path");
        notCaptured("apigw-v1-response-base64-json.json");
        notCaptured("apigw-v1-response-multivalue.json");
        notCaptured("apigw-v1-response-set-cookie-multivalue.json");
        expect("apigw-v1-rest-proxy-claims-scopes.json", Trigger.API_GATEWAY_REST, "GET /my/path",
                "http.route", "/my/path", "url.query", "parameter1=value1&parameter2=value1&parameter2=value2",
                "network.protocol.version", "1.1", "client.address", "IP", "server.address", "id.execute-api.us-east-1.amazonaws.com",
                "http.request.header.header2", List.of("value1", "value2"), "http.request.header.header3", List.of("value1,value2"));
        expect("apigw-v1-rest-proxy-cognito-claims-multivalue.json", Trigger.API_GATEWAY_REST, "GET /my/path",
                "url.query", "parameter1=value1&parameter1=value2&parameter2=value", "client.address", "192.168.0.1/32",
                "http.request.header.origin", List.of("https://aws.amazon.com"));
        expect("apigw-v1-rest-proxy-iam-auth.json", Trigger.API_GATEWAY_REST, "POST /iam",
                "url.path", "/iam", "url.scheme", "https", "client.address", "15.248.3.126", "user_agent.original", "HTTPie/3.2.2",
                "server.address", "puhdx84jy9.execute-api.eu-west-1.amazonaws.com");
        expect("apigw-v1-rest-proxy-lambda-authorizer.json", Trigger.API_GATEWAY_REST, "POST /lambda-token",
                "http.request.header.authorization", List.of("REDACTED"), "http.route", "/lambda-token");
        expect("apigw-v1-rest-proxy-multivalue.json", Trigger.API_GATEWAY_REST, "POST /{proxy+}",
                "url.path", "/hello/world", "url.query", "name=me", "client.address", "192.168.196.186",
                "user_agent.original", "PostmanRuntime/2.4.5", "http.request.header.content-type", List.of("application/json"));
        expect("apigw-v1-rest-proxy-no-auth.json", Trigger.API_GATEWAY_REST, "POST /no-auth",
                "http.request.header.x-forwarded-for", List.of("15.248.3.126, 130.176.209.21"));
        expect("apigw-v1-rest-proxy-openapi-post.json", Trigger.API_GATEWAY_REST, "POST /{proxy+}",
                "http.request.body.size", 13L);
        expect("apigw-v2-http-get-jwt-cookies.json", Trigger.API_GATEWAY_HTTP, "POST",
                "url.path", "/my/path", "url.query", "parameter1=value1&parameter1=value2&parameter2=value",
                "http.request.header.cookie", List.of("REDACTED", "REDACTED"), "user_agent.original", "agent");
        expect("apigw-v2-http-iam-auth.json", Trigger.API_GATEWAY_HTTP, "POST /iam",
                "http.route", "/iam", "http.request.header.authorization", List.of("REDACTED"), "client.address", "15.248.3.126",
                "server.address", "lsw1ro4ipb.execute-api.eu-west-1.amazonaws.com", "user_agent.original", "HTTPie/3.2.2");
        expect("apigw-v2-http-jwt-authorizer-cookies.json", Trigger.API_GATEWAY_HTTP, "GET",
                "http.request.header.cookie", List.of("REDACTED", "REDACTED"));
        expect("apigw-v2-http-lambda-authorizer-cookies.json", Trigger.API_GATEWAY_HTTP, "GET",
                "http.request.header.header1", List.of("value1"));
        expect("apigw-v2-http-no-authorizer.json", Trigger.API_GATEWAY_HTTP, "GET",
                "url.path", "/", "client.address", "1.2.3.4", "user_agent.original", "curl/7.58.0", "url.scheme", "https");
        expect("apigw-v2-http-post-jwt-cookies.json", Trigger.API_GATEWAY_HTTP, "POST",
                "http.request.body.size", 45L);
        notCaptured("apigw-v2-response-cookies.json");
        expect("apigw-websocket-connect-multivalue.json", Trigger.API_GATEWAY_WEBSOCKET, "WebSocket $connect",
                "aws.apigateway.websocket.event_type", "CONNECT", "aws.apigateway.websocket.route_key", "$connect",
                "http.request.header.sec-websocket-version", List.of("13"));
        expect("apigw-websocket-disconnect.json", Trigger.API_GATEWAY_WEBSOCKET, "WebSocket $disconnect",
                "aws.apigateway.websocket.event_type", "DISCONNECT", "client.address", "49.105.91.154",
                "http.request.header.x-api-key", List.of("REDACTED"));
        expect("apigw-websocket-message.json", Trigger.API_GATEWAY_WEBSOCKET, "WebSocket $default",
                "aws.apigateway.websocket.event_type", "MESSAGE", "server.address", "dl7ptocha9.execute-api.ap-northeast-1.amazonaws.com");
        expect("cloudwatch-logs.json", Trigger.CLOUDWATCH_LOGS, "process testLogGroup",
                "aws.log.group.names", List.of("testLogGroup"), "aws.log.stream.names", List.of("testLogStream"),
                "messaging.batch.message_count", 2L);
        expect("dynamodb-streams-powertools.json", Trigger.DYNAMODB, "process",
                "faas.trigger", "datasource", "messaging.batch.message_count", 2L);
        expect("dynamodb-streams.json", Trigger.DYNAMODB, "process Example-Table",
                "aws.dynamodb.table_names", List.of("Example-Table"), "faas.document.collection", "Example-Table",
                "messaging.batch.message_count", 2L);
        expect("eventbridge-custom-event.json", Trigger.EVENTBRIDGE, "process my.event",
                "messaging.system", "aws.eventbridge", "messaging.message.id", "bd3c8258-8d30-007c-2562-64715b2d0ea8",
                "aws.eventbridge.detail_type", "UserSignUp");
        expect("eventbridge-ec2-state-change.json", Trigger.EVENTBRIDGE, "process aws.ec2",
                "aws.eventbridge.detail_type", "EC2 Instance State-change Notification");
        expect("eventbridge-s3-object-created.json", Trigger.EVENTBRIDGE, "process aws.s3",
                "aws.eventbridge.detail_type", "Object Created");
        expect("kinesis-stream-java.json", Trigger.KINESIS, "process",
                "messaging.system", "aws_kinesis", "messaging.batch.message_count", 1L,
                "messaging.message.id", "shardId-000000000000:49545115243490985018280067714973144582180062593244200961");
        expect("kinesis-stream-powertools.json", Trigger.KINESIS, "process lambda-stream",
                "messaging.destination.name", "lambda-stream", "aws.kinesis.stream_name", "lambda-stream",
                "messaging.batch.message_count", 2L);
        expect("kinesis-stream.json", Trigger.KINESIS, "process simple-stream",
                "messaging.destination.name", "simple-stream", "faas.trigger", "pubsub");
        expect("lambda-function-url-base64-body.json", Trigger.FUNCTION_URL, "POST",
                "server.address", "lambda-url-id.lambda-url.us-west-2.on.aws", "client.address", "127.0.0.1",
                "http.request.body.size", 6L);
        expect("lambda-function-url-datadog.json", Trigger.FUNCTION_URL, "GET",
                "client.address", "71.195.30.42", "faas.trigger", "http");
        expect("lambda-function-url-get-domain-only.json", Trigger.FUNCTION_URL, "GET",
                "http.request.header.accept", List.of("application/xml"));
        expect("lambda-function-url-headers-cookies-text-body.json", Trigger.FUNCTION_URL, "POST",
                "url.path", "/hello", "url.query", "hello=world&foo=bar", "http.request.header.cookie", List.of("REDACTED"),
                "http.request.header.header2", List.of("h1,h2"));
        expect("lambda-function-url-iam-cookies.json", Trigger.FUNCTION_URL, "POST",
                "client.address", "123.123.123.123", "http.request.header.cookie", List.of("REDACTED", "REDACTED"));
        expect("lambda-function-url-no-auth.json", Trigger.FUNCTION_URL, "GET",
                "server.address", "<url-id>.lambda-url.us-east-1.on.aws");
        notCaptured("lambda-function-url-response-cookies.json");
        expect("s3-put-java.json", Trigger.S3, "ObjectCreated:Put example-bucket",
                "aws.s3.bucket", "example-bucket", "aws.s3.key", "test/key", "faas.document.operation", "insert");
        expect("s3-put-powertools.json", Trigger.S3, "ObjectCreated:Put lambda-artifacts-deafc19498e3f2df",
                "aws.s3.key", "b21b84d653bb07b05b1e6b33684dc11b", "faas.document.time", "2019-09-03T19:37:27.192Z");
        expect("s3-put.json", Trigger.S3, "ObjectCreated:Put sourcebucket",
                "aws.s3.bucket", "sourcebucket", "aws.s3.key", "Happy Face.jpg", "faas.document.name", "Happy Face.jpg");
        expect("scheduled-event.json", Trigger.SCHEDULED, "schedule demoschedule",
                "faas.trigger", "timer", "faas.time", "2020-09-30T15:58:34Z", "aws.eventbridge.rule.name", "demoschedule");
        expect("sns-event-powertools.json", Trigger.SNS, "process sns-lambda",
                "messaging.system", "aws.sns", "messaging.destination.name", "sns-lambda",
                "messaging.message.id", "95df01b4-ee98-5cb9-9903-4c221d41eb5e", "aws.sns.topic.arn", "arn:aws:sns:us-east-2:123456789012:sns-lambda");
        expect("sns-event.json", Trigger.SNS, "process EXAMPLE", "messaging.batch.message_count", 1L);
        expect("sqs-event-powertools.json", Trigger.SQS, "process my-queue",
                "messaging.system", "aws_sqs", "messaging.destination.name", "my-queue", "messaging.batch.message_count", 2L,
                "messaging.operation.type", "process");
        expect("sqs-event-single-record.json", Trigger.SQS, "process TestLambda",
                "messaging.message.id", "d9144555-9a4f-4ec3-99a0-34ce359b4b54", "messaging.batch.message_count", 1L);
        expect("sqs-event.json", Trigger.SQS, "process SQSQueue",
                "messaging.message.id", "MessageID_1", "aws.lambda.event_source_arn", "arn:aws:sqs:us-west-2:123456789012:SQSQueue");
    }

    private FixtureSpans() {
    }

    /** Every fixture with an expectation. */
    public static Set<String> names() {
        return EXPECTED.keySet();
    }

    /**
     * The trigger a fixture's span must have; empty for a fixture that is no event.
     *
     * @throws AssertionError for a fixture without an expectation, so a new event cannot go unchecked
     */
    public static Optional<Trigger> trigger(String fixture) {
        Expected expected = EXPECTED.get(fixture);
        assertTrue(expected != null, "no expectation written for " + fixture);
        return Optional.ofNullable(expected.trigger());
    }

    /** Checks a fixture's span: its name, kind, trigger and expected attributes (others may be there too). */
    public static void assertSpan(String fixture, Span span) {
        assertSpan(fixture, span, Map.of());
    }

    /**
     * Checks a fixture's span as {@link #assertSpan(String, Span)} does, with some attributes
     * expected to differ, as a configuration other than the default makes them.
     */
    public static void assertSpan(String fixture, Span span, Map<String, Object> instead) {
        Expected expected = EXPECTED.get(fixture);
        assertTrue(expected != null && expected.trigger() != null, fixture + " gives no span");
        assertEquals(expected.name(), span.getName(), fixture);
        assertEquals(expected.trigger() == Trigger.SCHEDULED || expected.trigger().http() || expected.trigger() == Trigger.API_GATEWAY_AUTHORIZER
                ? SpanKind.SPAN_KIND_SERVER : SpanKind.SPAN_KIND_CONSUMER, span.getKind(), fixture);
        Map<String, Object> attributes = attributes(span);
        assertEquals(expected.trigger().faasTrigger(), attributes.get("faas.trigger"), fixture);
        Map<String, Object> expectedAttributes = new LinkedHashMap<>(expected.attributes());
        expectedAttributes.putAll(instead);
        expectedAttributes.forEach((key, value) -> assertEquals(value, attributes.get(key), fixture + ": " + key));
    }
}
