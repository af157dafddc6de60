package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.RecordFields;
import io.lambdascope.extension.json.JsonValue;

import java.util.Optional;

/**
 * Tells the trigger from the shape of an event. Lambda does not say what invoked a function, so
 * the fields each service is known to send decide; the most specific shapes are tried first
 * because several share fields (a WebSocket event has {@code httpMethod} on connect, an authorizer
 * request looks like a REST request).
 */
final class EventClassifier {

    private EventClassifier() {
    }

    /**
     * The trigger of an event.
     *
     * @param event the parsed event
     * @return the trigger, empty when the shape is not one this package knows
     */
    static Optional<Trigger> classify(JsonValue event) {
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        JsonValue records = event.get("Records");
        if (records != null && records.isArray()) {
            return records.isEmpty() ? Optional.empty() : recordTrigger(records.get(0));
        }
        if (event.has("awslogs")) {
            return Optional.of(Trigger.CLOUDWATCH_LOGS);
        }
        if (event.has("detail-type") && event.has("source")) {
            return Optional.of("Scheduled Event".equals(RecordFields.text(event, "detail-type"))
                    && "aws.events".equals(RecordFields.text(event, "source")) ? Trigger.SCHEDULED : Trigger.EVENTBRIDGE);
        }
        String type = RecordFields.text(event, "type");
        if (("TOKEN".equals(type) || "REQUEST".equals(type)) && (event.has("methodArn") || event.has("routeArn"))) {
            return Optional.of(Trigger.API_GATEWAY_AUTHORIZER);
        }
        JsonValue context = event.path("requestContext");
        if (context.has("elb")) {
            return Optional.of(Trigger.ALB);
        }
        if (context.has("connectionId") && context.has("eventType")) {
            return Optional.of(Trigger.API_GATEWAY_WEBSOCKET);
        }
        if (context.path("http").has("method")) {
            String domain = RecordFields.text(context, "domainName");
            return Optional.of(domain != null && domain.contains(".lambda-url.") ? Trigger.FUNCTION_URL : Trigger.API_GATEWAY_HTTP);
        }
        if (RecordFields.text(event, "httpMethod") != null && RecordFields.text(event, "path") != null) {
            return Optional.of(Trigger.API_GATEWAY_REST);
        }
        return Optional.empty();
    }

    private static Optional<Trigger> recordTrigger(JsonValue record) {
        String source = RecordFields.text(record, "eventSource");
        if (source == null) {
            // SNS spells the field with a capital E.
            source = RecordFields.text(record, "EventSource");
        }
        if (source == null) {
            return Optional.empty();
        }
        return switch (source) {
            case "aws:sqs" -> Optional.of(Trigger.SQS);
            case "aws:sns" -> Optional.of(Trigger.SNS);
            case "aws:s3" -> Optional.of(Trigger.S3);
            case "aws:dynamodb" -> Optional.of(Trigger.DYNAMODB);
            case "aws:kinesis" -> Optional.of(Trigger.KINESIS);
            default -> Optional.empty();
        };
    }
}
