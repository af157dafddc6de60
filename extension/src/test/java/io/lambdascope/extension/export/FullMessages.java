package io.lambdascope.extension.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Messages with every field of every OTLP message set, from the descriptors, so that an encoder
 * that forgets a field, or a field a later protocol version adds, shows in a round trip. Values
 * favour the edges: unsigned 64-bit maxima, zero in fields with presence, NaN and infinities, escapes and
 * non-ASCII text, empty messages in lists. Elements of repeated fields take turns through the
 * options of a oneof.
 */
final class FullMessages {

    private static final Set<String> ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    private static final List<Double> DOUBLES = List.of(1.5, 0.0, Double.NaN, Double.POSITIVE_INFINITY, -1e300, 0.1);
    private static final List<Long> LONGS = List.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, 7L);
    private static final List<Integer> INTS = List.of(-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42);
    /** How often one message type may nest in itself: AnyValue holds arrays of AnyValue. */
    private static final int NESTING = 2;

    private FullMessages() {
    }

    /** A message of the prototype's type with every field set. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T of(T prototype) {
        Message.Builder builder = prototype.newBuilderForType();
        fill(builder, 0, new ArrayList<>());
        return (T) builder.build();
    }

    private static void fill(Message.Builder builder, int variant, List<Descriptor> path) {
        path.add(builder.getDescriptorForType());
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null && oneof.getField(variant % oneof.getFieldCount()) != field) {
                continue;
            }
            boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (message && Collections.frequency(path, field.getMessageType()) >= NESTING) {
                continue;
            }
            if (field.isRepeated()) {
                // Enough elements for every option of a oneof in them (AnyValue has eight), two of others.
                int elements = !message ? 4 : field.getMessageType().getRealOneofs().isEmpty() ? 2 : 8;
                for (int i = 0; i < elements; i++) {
                    builder.addRepeatedField(field, value(builder, field, variant + i, path));
                }
                if (message) {
                    // And one present with no fields.
                    builder.addRepeatedField(field, builder.newBuilderForField(field).build());
                }
            } else {
                builder.setField(field, value(builder, field, variant, path));
            }
        }
        path.removeLast();
    }

    private static Object value(Message.Builder parent, FieldDescriptor field, int variant, List<Descriptor> path) {
        return switch (field.getJavaType()) {
            case INT -> INTS.get(variant % INTS.size());
            case LONG -> LONGS.get(variant % LONGS.size());
            case DOUBLE -> DOUBLES.get(variant % DOUBLES.size());
            case FLOAT -> DOUBLES.get(variant % DOUBLES.size()).floatValue();
            case BOOLEAN -> true;
            case STRING -> "v" + variant + " \"quoted\" \\ é 😀 \n\t\u0001";
            case BYTE_STRING -> ID_FIELDS.contains(field.getName()) ? id(field, variant)
                    : ByteString.copyFrom(new byte[] {0, (byte) 0xff, (byte) variant, 62, 63});
            case ENUM -> {
                EnumDescriptor type = field.getEnumType();
                yield type.getValues().get(1 + variant % (type.getValues().size() - 1));
            }
            case MESSAGE -> {
                Message.Builder child = parent.newBuilderForField(field);
                fill(child, variant, path);
                yield child.build();
            }
        };
    }

    /** Every field of the type and of the message types reachable from it. */
    static Set<FieldDescriptor> reachableFields(Descriptor type) {
        Set<FieldDescriptor> fields = new HashSet<>();
        collect(type, new HashSet<>(), fields);
        return fields;
    }

    private static void collect(Descriptor type, Set<Descriptor> seen, Set<FieldDescriptor> fields) {
        if (seen.add(type)) {
            for (FieldDescriptor field : type.getFields()) {
                fields.add(field);
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    collect(field.getMessageType(), seen, fields);
                }
            }
        }
    }

    /** The fields set somewhere in the message, at any depth. */
    static Set<FieldDescriptor> setFields(Message message) {
        Set<FieldDescriptor> fields = new HashSet<>();
        gather(message, fields);
        return fields;
    }

    private static void gather(Message message, Set<FieldDescriptor> fields) {
        message.getAllFields().forEach((field, value) -> {
            fields.add(field);
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                for (Object element : field.isRepeated() ? (List<?>) value : List.of(value)) {
                    gather((Message) element, fields);
                }
            }
        });
    }

    private static ByteString id(FieldDescriptor field, int variant) {
        byte[] id = new byte[field.getName().equals("trace_id") ? 16 : 8];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) (0xa0 + i + variant);
        }
        return ByteString.copyFrom(id);
    }
}
