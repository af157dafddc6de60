package io.lambdascope.extension.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;

import java.util.List;
import java.util.Set;

/**
 * Messages with every field of every OTLP message set, from the descriptors, so that an encoder
 * that forgets a field, or a field a later protocol version adds, shows in a round trip. Values
 * favour the edges: unsigned 64-bit maxima, zero in fields with presence, NaN and infinities, escapes and
 * non-ASCII text, empty nested messages. Elements of repeated fields take turns through the
 * options of a oneof.
 */
final class FullMessages {

    private static final Set<String> ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
    private static final List<Double> DOUBLES = List.of(1.5, 0.0, Double.NaN, Double.POSITIVE_INFINITY, -1e300, 0.1);
    private static final List<Long> LONGS = List.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, 7L);
    private static final List<Integer> INTS = List.of(-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42);
    private static final int DEPTH = 4;

    private FullMessages() {
    }

    /** A message of the prototype's type with every field set. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T of(T prototype) {
        Message.Builder builder = prototype.newBuilderForType();
        fill(builder, 0, 0);
        return (T) builder.build();
    }

    private static void fill(Message.Builder builder, int variant, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null && oneof.getField(variant % oneof.getFieldCount()) != field) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= DEPTH) {
                continue;
            }
            if (field.isRepeated()) {
                // Enough elements near the top for every oneof option (AnyValue has eight), few further down.
                int elements = field.getJavaType() != FieldDescriptor.JavaType.MESSAGE ? 4 : depth <= 2 ? 8 : 2;
                for (int i = 0; i < elements; i++) {
                    builder.addRepeatedField(field, value(builder, field, variant + i, depth));
                }
            } else {
                builder.setField(field, value(builder, field, variant, depth));
            }
        }
    }

    private static Object value(Message.Builder parent, FieldDescriptor field, int variant, int depth) {
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
                // One nested message in eight is left empty: present, with no fields.
                if (variant % 8 != 7) {
                    fill(child, variant, depth + 1);
                }
                yield child.build();
            }
        };
    }

    private static ByteString id(FieldDescriptor field, int variant) {
        byte[] id = new byte[field.getName().equals("trace_id") ? 16 : 8];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) (0xa0 + i + variant);
        }
        return ByteString.copyFrom(id);
    }
}
