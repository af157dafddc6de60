package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.RecordFields;
import io.lambdascope.extension.json.JsonValue;

/**
 * Messages: SQS queues, SNS topics, EventBridge rules and schedules, read into the attributes of
 * OpenTelemetry's messaging conventions. Lambda delivers queue and topic messages in batches, so
 * the span is the processing of the batch, linked to each message's own trace.
 */
final class Messaging {

    private Messaging() {
    }

    /**
     * The span of one SQS, SNS, EventBridge or scheduled event.
     *
     * @param trigger one of those triggers
     * @param event the event
     * @return the draft
     */
    static SpanDraft read(Trigger trigger, JsonValue event) {
        return switch (trigger) {
            case SQS -> queue(event.get("Records"));
            case SNS -> topic(event.get("Records"));
            case SCHEDULED -> schedule(event);
            default -> eventBridge(event);
        };
    }

    private static SpanDraft queue(JsonValue records) {
        JsonValue first = records.get(0);
        String arn = RecordFields.text(first, "eventSourceARN");
        String queue = Arns.lastPart(arn);
        SpanDraft draft = batch(Trigger.SQS, "aws_sqs", queue, records)
                .put("aws.lambda.event_source", "aws:sqs")
                .put("aws.lambda.event_source_arn", arn);
        if (records.size() == 1) {
            draft.put("messaging.message.id", RecordFields.text(first, "messageId"));
        }
        RecordLinks.add(records, draft.links());
        return draft;
    }

    private static SpanDraft topic(JsonValue records) {
        JsonValue first = records.get(0).path("Sns");
        String arn = RecordFields.text(first, "TopicArn");
        SpanDraft draft = batch(Trigger.SNS, "aws.sns", Arns.lastPart(arn), records)
                .put("aws.lambda.event_source", "aws:sns")
                .put("aws.sns.topic.arn", arn);
        if (records.size() == 1) {
            draft.put("messaging.message.id", RecordFields.text(first, "MessageId"));
        }
        RecordLinks.add(records, draft.links());
        return draft;
    }

    private static SpanDraft eventBridge(JsonValue event) {
        String source = RecordFields.nonEmpty(event, "source");
        return new SpanDraft(Trigger.EVENTBRIDGE, source == null ? "process" : "process " + source)
                .put("messaging.system", "aws.eventbridge")
                .put("messaging.operation.type", "process")
                .put("messaging.operation.name", "process")
                .put("messaging.message.id", RecordFields.text(event, "id"))
                .put("aws.lambda.event_source", "aws:events")
                .put("aws.eventbridge.source", source)
                .put("aws.eventbridge.detail_type", RecordFields.text(event, "detail-type"));
    }

    private static SpanDraft schedule(JsonValue event) {
        JsonValue resources = event.path("resources");
        String ruleArn = resources.isArray() && !resources.isEmpty() ? resources.get(0).asText(null) : null;
        String rule = Arns.lastPart(ruleArn);
        return new SpanDraft(Trigger.SCHEDULED, rule == null ? "schedule" : "schedule " + rule)
                .put("faas.time", RecordFields.text(event, "time"))
                .put("aws.lambda.event_source", "aws:events")
                .put("aws.eventbridge.rule.name", rule)
                .put("aws.eventbridge.rule.arn", ruleArn);
    }

    /** What every batch of messages has: the system, the destination, the operation and the count. */
    static SpanDraft batch(Trigger trigger, String system, String destination, JsonValue records) {
        return new SpanDraft(trigger, destination == null ? "process" : "process " + destination)
                .put("messaging.system", system)
                .put("messaging.destination.name", destination)
                .put("messaging.operation.type", "process")
                .put("messaging.operation.name", "process")
                .put("messaging.batch.message_count", records.size());
    }
}
