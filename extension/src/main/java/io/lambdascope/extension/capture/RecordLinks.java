package io.lambdascope.extension.capture;

import com.google.protobuf.ByteString;
import io.lambdascope.extension.convert.KeyValues;
import io.lambdascope.extension.convert.RecordFields;
import io.lambdascope.extension.json.JsonValue;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Links from a batch's span to the traces its messages came from. A batch has many producers, so
 * none of them can be the parent; OpenTelemetry's messaging conventions link to each instead.
 */
final class RecordLinks {

    /** OpenTelemetry's default limit of links per span; a batch of 10 000 SQS messages must not make 10 000. */
    static final int MAX_LINKS = 128;

    private RecordLinks() {
    }

    /**
     * Adds one link per distinct context the records carry: SQS's {@code AWSTraceHeader} system
     * attribute (set when the producer was traced by X-Ray), and a {@code traceparent} message
     * attribute in SQS or SNS (set by OpenTelemetry producers).
     *
     * @param records the event's {@code Records}
     * @param links where the links go
     */
    static void add(JsonValue records, List<Span.Link> links) {
        Set<ByteString> seen = new HashSet<>();
        for (JsonValue record : records) {
            if (links.size() >= MAX_LINKS) {
                return;
            }
            JsonValue sns = record.path("Sns");
            String messageId = sns.isObject() ? RecordFields.text(sns, "MessageId") : RecordFields.text(record, "messageId");
            add(RemoteParent.xray(RecordFields.text(record.path("attributes"), "AWSTraceHeader")), messageId, links, seen);
            String traceparent = sns.isObject()
                    ? RecordFields.text(sns.path("MessageAttributes").path("traceparent"), "Value")
                    : RecordFields.text(record.path("messageAttributes").path("traceparent"), "stringValue");
            add(RemoteParent.traceparent(traceparent), messageId, links, seen);
        }
    }

    private static void add(Optional<RemoteParent> context, String messageId, List<Span.Link> links, Set<ByteString> seen) {
        if (context.isEmpty() || links.size() >= MAX_LINKS) {
            return;
        }
        RemoteParent parent = context.get();
        if (!seen.add(parent.traceId().concat(parent.spanId()))) {
            return;
        }
        Span.Link.Builder link = Span.Link.newBuilder().setTraceId(parent.traceId()).setSpanId(parent.spanId());
        parent.sampled().ifPresent(sampled -> link.setFlags(sampled ? 1 : 0));
        if (messageId != null) {
            link.addAttributes(KeyValues.string("messaging.message.id", messageId));
        }
        links.add(link.build());
    }
}
