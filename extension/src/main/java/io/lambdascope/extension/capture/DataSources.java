package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.RecordFields;
import io.lambdascope.extension.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Changes in data stores and streams: S3 notifications, DynamoDB and Kinesis streams, and
 * CloudWatch Logs subscriptions. S3 and DynamoDB follow OpenTelemetry's {@code faas.document.*}
 * conventions for data source triggers, Kinesis its messaging conventions.
 */
final class DataSources {

    /** A CloudWatch Logs payload is at most a few MiB unpacked; more is not read. */
    private static final int MAX_LOGS_BYTES = 8 << 20;

    private DataSources() {
    }

    /**
     * The span of one S3, DynamoDB, Kinesis or CloudWatch Logs event.
     *
     * @param trigger one of those triggers
     * @param event the event
     * @return the draft
     */
    static SpanDraft read(Trigger trigger, JsonValue event) {
        return switch (trigger) {
            case S3 -> bucket(event.get("Records"));
            case DYNAMODB -> table(event.get("Records"));
            case KINESIS -> stream(event.get("Records"));
            default -> logs(event);
        };
    }

    private static SpanDraft bucket(JsonValue records) {
        JsonValue first = records.get(0);
        JsonValue s3 = first.path("s3");
        String bucket = RecordFields.nonEmpty(s3.path("bucket"), "name");
        String eventName = RecordFields.nonEmpty(first, "eventName");
        SpanDraft draft = new SpanDraft(Trigger.S3, eventName == null ? "process" : eventName)
                .put("aws.lambda.event_source", "aws:s3")
                .put("aws.s3.bucket", bucket)
                .put("faas.document.collection", bucket)
                .put("faas.document.operation", operation(eventName))
                .put("faas.document.time", RecordFields.text(first, "eventTime"))
                .put("messaging.batch.message_count", records.size());
        if (bucket != null) {
            draft.name(draft.name() + " " + bucket);
        }
        if (records.size() == 1) {
            String key = key(s3.path("object"));
            draft.put("aws.s3.key", key).put("faas.document.name", key);
        }
        return draft;
    }

    private static SpanDraft table(JsonValue records) {
        JsonValue first = records.get(0);
        String arn = RecordFields.text(first, "eventSourceARN");
        String table = Arns.resource(arn, "table");
        SpanDraft draft = new SpanDraft(Trigger.DYNAMODB, table == null ? "process" : "process " + table)
                .put("aws.lambda.event_source", "aws:dynamodb")
                .put("aws.lambda.event_source_arn", arn)
                .put("faas.document.collection", table)
                .put("messaging.batch.message_count", records.size());
        if (table != null) {
            draft.put("aws.dynamodb.table_names", List.of(table));
        }
        if (records.size() == 1) {
            draft.put("faas.document.operation", operation(RecordFields.text(first, "eventName")))
                    .put("messaging.message.id", RecordFields.text(first, "eventID"));
        }
        return draft;
    }

    private static SpanDraft stream(JsonValue records) {
        JsonValue first = records.get(0);
        String arn = RecordFields.text(first, "eventSourceARN");
        String stream = Arns.resource(arn, "stream");
        SpanDraft draft = Messaging.batch(Trigger.KINESIS, "aws_kinesis", stream, records)
                .put("aws.lambda.event_source", "aws:kinesis")
                .put("aws.lambda.event_source_arn", arn)
                .put("aws.kinesis.stream_name", stream);
        if (records.size() == 1) {
            draft.put("messaging.message.id", RecordFields.text(first, "eventID"));
        }
        return draft;
    }

    private static SpanDraft logs(JsonValue event) {
        SpanDraft draft = new SpanDraft(Trigger.CLOUDWATCH_LOGS, "process").put("aws.lambda.event_source", "aws:logs");
        JsonValue payload = unpack(RecordFields.text(event.path("awslogs"), "data"));
        if (payload == null) {
            return draft;
        }
        String group = RecordFields.nonEmpty(payload, "logGroup");
        String stream = RecordFields.nonEmpty(payload, "logStream");
        if (group != null) {
            draft.name("process " + group);
            draft.put("aws.log.group.names", List.of(group));
        }
        if (stream != null) {
            draft.put("aws.log.stream.names", List.of(stream));
        }
        JsonValue logEvents = payload.path("logEvents");
        if (logEvents.isArray()) {
            draft.put("messaging.batch.message_count", logEvents.size());
        }
        return draft;
    }

    /** CloudWatch Logs sends its batch gzipped and base64-encoded. */
    private static JsonValue unpack(String data) {
        if (data == null) {
            return null;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(data)))) {
            byte[] bytes = in.readNBytes(MAX_LOGS_BYTES);
            return JsonValue.parse(bytes);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** S3 writes keys URL-encoded in notifications ({@code Happy%20Face.jpg}); the key is the decoded name. */
    private static String key(JsonValue object) {
        String decoded = RecordFields.nonEmpty(object, "urlDecodedKey");
        if (decoded != null) {
            return decoded;
        }
        String key = RecordFields.nonEmpty(object, "key");
        if (key == null) {
            return null;
        }
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    /** OpenTelemetry's document operations: {@code insert}, {@code edit}, {@code delete}. */
    private static String operation(String eventName) {
        if (eventName == null) {
            return null;
        }
        if (eventName.startsWith("ObjectCreated") || eventName.equals("INSERT")) {
            return "insert";
        }
        if (eventName.startsWith("ObjectRemoved") || eventName.equals("REMOVE")) {
            return "delete";
        }
        if (eventName.equals("MODIFY")) {
            return "edit";
        }
        return null;
    }
}
