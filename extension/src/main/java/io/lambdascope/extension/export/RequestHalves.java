package io.lambdascope.extension.export;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.List;

/**
 * Splits an export request in two, each half holding about half of its items under the same
 * resources and scopes, for a destination that takes requests up to a size.
 */
final class RequestHalves {

    private RequestHalves() {
    }

    /**
     * The request in two halves: by resource when it has several, else by scope, else by item.
     *
     * @param signal the request's signal
     * @param request an {@code Export*ServiceRequest}
     * @return two requests, or the request alone when it holds a single item
     */
    static List<Message> of(Signal signal, Message request) {
        String[] levels = switch (signal) {
            case TRACES -> new String[] {"resource_spans", "scope_spans", "spans"};
            case METRICS -> new String[] {"resource_metrics", "scope_metrics", "metrics"};
            case LOGS -> new String[] {"resource_logs", "scope_logs", "log_records"};
        };
        return split(request, levels, 0);
    }

    private static List<Message> split(Message message, String[] levels, int level) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(levels[level]);
        int count = message.getRepeatedFieldCount(field);
        if (count > 1) {
            return List.of(slice(message, field, 0, count / 2), slice(message, field, count / 2, count));
        }
        if (count == 0 || level == levels.length - 1) {
            return List.of(message);
        }
        // One container: split what it holds and wrap each half in a copy of the container.
        List<Message> inner = split((Message) message.getRepeatedField(field, 0), levels, level + 1);
        if (inner.size() < 2) {
            return List.of(message);
        }
        return inner.stream().map(half -> message.toBuilder().setRepeatedField(field, 0, half).build()).toList();
    }

    private static Message slice(Message message, FieldDescriptor field, int from, int to) {
        Message.Builder builder = message.toBuilder().clearField(field);
        for (int i = from; i < to; i++) {
            builder.addRepeatedField(field, message.getRepeatedField(field, i));
        }
        return builder.build();
    }
}
