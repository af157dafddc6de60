package io.lambdascope.extension.receive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads OTLP/JSON into the protobuf messages, as the OTLP specification defines the mapping: the
 * proto3 JSON mapping with lowerCamelCase names (the proto names are accepted too), trace and
 * span ids as hex rather than base64, enums as integers (names are accepted too), 64-bit integers
 * as numbers or strings, and unknown fields ignored. One streaming pass, no tree.
 */
public final class OtlpJsonReader {

    /** Deeper than any OTLP message, with room for nested attribute values. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS = new ConcurrentHashMap<>();

    private OtlpJsonReader() {
    }

    /**
     * Reads one message.
     *
     * @param json the UTF-8 JSON document
     * @param builder an empty builder of the message to read
     * @return the message
     * @throws MalformedPayloadException when the document is not JSON or not this message
     */
    public static <T extends Message> T read(byte[] json, Message.Builder builder, Class<T> type) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            message(parser, builder, 0);
            if (parser.nextToken() != null) {
                throw new MalformedPayloadException("the body has more after its JSON object");
            }
            return type.cast(builder.build());
        } catch (IOException e) {
            throw new MalformedPayloadException("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static void message(JsonParser parser, Message.Builder builder, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedPayloadException("the body nests deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, FieldDescriptor> fields = FIELDS.computeIfAbsent(builder.getDescriptorForType(), OtlpJsonReader::fields);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            FieldDescriptor field = fields.get(name);
            if (field == null || value == JsonToken.VALUE_NULL) {
                parser.skipChildren();
                continue;
            }
            if (field.isRepeated()) {
                expect(value == JsonToken.START_ARRAY, field, "an array");
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
                    builder.addRepeatedField(field, value(parser, element, field, builder, depth));
                }
            } else {
                builder.setField(field, value(parser, value, field, builder, depth));
            }
        }
    }

    private static Object value(JsonParser parser, JsonToken token, FieldDescriptor field, Message.Builder parent, int depth)
            throws IOException {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                expect(token == JsonToken.START_OBJECT, field, "an object");
                Message.Builder child = parent.newBuilderForField(field);
                message(parser, child, depth + 1);
                yield child.build();
            }
            case STRING -> {
                expect(token == JsonToken.VALUE_STRING, field, "a string");
                yield parser.getText();
            }
            case BOOLEAN -> {
                expect(token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE, field, "true or false");
                yield token == JsonToken.VALUE_TRUE;
            }
            case INT -> (int) integer(parser, token, field);
            case LONG -> integer(parser, token, field);
            case DOUBLE -> number(parser, token, field);
            case FLOAT -> (float) number(parser, token, field);
            case BYTE_STRING -> bytes(parser, token, field);
            case ENUM -> enumValue(parser, token, field);
        };
    }

    /** A 32- or 64-bit integer, signed or not, as a JSON number or a decimal string. */
    private static long integer(JsonParser parser, JsonToken token, FieldDescriptor field) throws IOException {
        try {
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? unsigned(parser.getBigIntegerValue(), field) : parser.getLongValue();
            }
            if (token == JsonToken.VALUE_STRING) {
                return unsigned(new BigInteger(parser.getText().strip()), field);
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw wrong(field, "an integer");
    }

    private static long unsigned(BigInteger value, FieldDescriptor field) {
        if (value.bitLength() > 64 || (value.signum() < 0 && value.bitLength() > 63)) {
            throw wrong(field, "a 64-bit integer");
        }
        return value.longValue();
    }

    private static double number(JsonParser parser, JsonToken token, FieldDescriptor field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            return switch (parser.getText()) {
                case "NaN" -> Double.NaN;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> {
                    try {
                        yield Double.parseDouble(parser.getText());
                    } catch (NumberFormatException e) {
                        throw wrong(field, "a number");
                    }
                }
            };
        }
        throw wrong(field, "a number");
    }

    /** Trace and span ids are hex in OTLP/JSON; other bytes are base64, as proto3 JSON has them. */
    private static ByteString bytes(JsonParser parser, JsonToken token, FieldDescriptor field) throws IOException {
        expect(token == JsonToken.VALUE_STRING, field, "a string");
        String text = parser.getText();
        try {
            return switch (field.getName()) {
                case "trace_id", "span_id", "parent_span_id" -> ByteString.copyFrom(HexFormat.of().parseHex(text));
                default -> ByteString.copyFrom(Base64.getDecoder().decode(text));
            };
        } catch (IllegalArgumentException e) {
            throw wrong(field, field.getName().endsWith("_id") ? "a hex id" : "base64");
        }
    }

    private static EnumValueDescriptor enumValue(JsonParser parser, JsonToken token, FieldDescriptor field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return field.getEnumType().findValueByNumberCreatingIfUnknown(parser.getIntValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            EnumValueDescriptor named = field.getEnumType().findValueByName(parser.getText());
            if (named != null) {
                return named;
            }
        }
        throw wrong(field, "an enum number or name");
    }

    private static Map<String, FieldDescriptor> fields(Descriptor descriptor) {
        Map<String, FieldDescriptor> fields = new HashMap<>();
        for (FieldDescriptor field : descriptor.getFields()) {
            fields.put(field.getName(), field);
            fields.put(field.getJsonName(), field);
        }
        return Map.copyOf(fields);
    }

    private static void expect(boolean ok, FieldDescriptor field, String what) {
        if (!ok) {
            throw wrong(field, what);
        }
    }

    private static MalformedPayloadException wrong(FieldDescriptor field, String what) {
        return new MalformedPayloadException("%s.%s must be %s".formatted(
                field.getContainingType().getName(), field.getJsonName(), what));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
