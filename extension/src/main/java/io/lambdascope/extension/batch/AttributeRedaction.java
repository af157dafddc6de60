package io.lambdascope.extension.batch;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Drops every attribute whose whole key matches {@code LAMBDASCOPE_REDACT_ATTRIBUTES} from an
 * export request: on resources, scopes, spans, span events and links, metric data points and
 * exemplars, and log records, whoever made them (capture, platform telemetry, or the function's
 * own SDK through the receiver). It walks the request by protobuf reflection, so no attribute list
 * of any OTLP message can be missed; the walk costs nothing when no pattern is configured,
 * because then it is never made.
 */
final class AttributeRedaction {
    private AttributeRedaction() {
    }

    /** The message without the attributes whose key matches; the same instance when none did. */
    static Message apply(Message message, Pattern keys) {
        Message.Builder builder = null;
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            if (descriptor.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            Object value = field.getValue();
            Object redacted = descriptor.isRepeated() ? applyAll((List<?>) value, keys) : apply((Message) value, keys);
            if (redacted != value) {
                builder = builder == null ? message.toBuilder() : builder;
                builder.setField(descriptor, redacted);
            }
        }
        return builder == null ? message : builder.build();
    }

    /** The list without matching attributes, each element redacted; the same list when nothing changed. */
    private static List<?> applyAll(List<?> messages, Pattern keys) {
        List<Message> kept = new ArrayList<>(messages.size());
        boolean changed = false;
        for (Object element : messages) {
            Message message = (Message) element;
            if (message instanceof KeyValue attribute && keys.matcher(attribute.getKey()).matches()) {
                changed = true;
                continue;
            }
            Message redacted = apply(message, keys);
            changed |= redacted != message;
            kept.add(redacted);
        }
        return changed ? kept : messages;
    }
}
