package io.lambdascope.extension.capture;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * What invoked the function, as far as its event shows, with the OpenTelemetry {@code faas.trigger}
 * value and the kind of the span that stands for the invocation.
 */
public enum Trigger {
    /** API Gateway REST API, Lambda proxy integration (payload 1.0). */
    API_GATEWAY_REST("http", SpanKind.SPAN_KIND_SERVER),
    /** API Gateway HTTP API (payload 2.0). */
    API_GATEWAY_HTTP("http", SpanKind.SPAN_KIND_SERVER),
    /** API Gateway WebSocket API: connect, disconnect and messages. */
    API_GATEWAY_WEBSOCKET("http", SpanKind.SPAN_KIND_SERVER),
    /** API Gateway asking a Lambda authorizer whether to let a request through. */
    API_GATEWAY_AUTHORIZER("other", SpanKind.SPAN_KIND_SERVER),
    /** Application Load Balancer target group. */
    ALB("http", SpanKind.SPAN_KIND_SERVER),
    /** Lambda function URL. */
    FUNCTION_URL("http", SpanKind.SPAN_KIND_SERVER),
    /** SQS queue, through an event source mapping. */
    SQS("pubsub", SpanKind.SPAN_KIND_CONSUMER),
    /** SNS topic subscription. */
    SNS("pubsub", SpanKind.SPAN_KIND_CONSUMER),
    /** EventBridge rule matching an event. */
    EVENTBRIDGE("pubsub", SpanKind.SPAN_KIND_CONSUMER),
    /**
     * EventBridge schedule. A SERVER span: nothing was produced for this invocation to consume,
     * the scheduler calls the function the way a client calls a server.
     */
    SCHEDULED("timer", SpanKind.SPAN_KIND_SERVER),
    /** S3 bucket notification. */
    S3("datasource", SpanKind.SPAN_KIND_CONSUMER),
    /** DynamoDB stream. */
    DYNAMODB("datasource", SpanKind.SPAN_KIND_CONSUMER),
    /** Kinesis data stream. */
    KINESIS("pubsub", SpanKind.SPAN_KIND_CONSUMER),
    /** CloudWatch Logs subscription filter. */
    CLOUDWATCH_LOGS("datasource", SpanKind.SPAN_KIND_CONSUMER);

    private final String faasTrigger;
    private final SpanKind kind;

    Trigger(String faasTrigger, SpanKind kind) {
        this.faasTrigger = faasTrigger;
        this.kind = kind;
    }

    /** The {@code faas.trigger} value: {@code http}, {@code pubsub}, {@code datasource}, {@code timer} or {@code other}. */
    public String faasTrigger() {
        return faasTrigger;
    }

    /** The kind of the invocation's span. */
    public SpanKind kind() {
        return kind;
    }

    /** Whether the event is an HTTP request whose response carries a status code. */
    boolean http() {
        return faasTrigger.equals("http");
    }
}
