package io.lambdascope.extension.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes OTLP fields as the OTLP/JSON encoding has them, each method leaving out a field at its
 * default value (proto3 implicit presence) unless it says otherwise; and the messages every signal
 * shares: resources, scopes, attributes and their values.
 */
final class OtlpJsonWriter {

    /** Writes one message or value. */
    @FunctionalInterface
    interface Part<T> {
        void write(OtlpJsonWriter out, T value) throws IOException;
    }

    private static final HexFormat HEX = HexFormat.of();

    private final JsonGenerator json;

    OtlpJsonWriter(JsonGenerator json) {
        this.json = json;
    }

    void startObject() throws IOException {
        json.writeStartObject();
    }

    void endObject() throws IOException {
        json.writeEndObject();
    }

    void string(String name, String value) throws IOException {
        if (!value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }

    void bool(String name, boolean value) throws IOException {
        if (value) {
            json.writeBooleanField(name, true);
        }
    }

    /** int32, sint32 and enums: enums are written as their numbers. */
    void int32(String name, int value) throws IOException {
        if (value != 0) {
            json.writeNumberField(name, value);
        }
    }

    /** uint32 and fixed32. */
    void uint32(String name, int value) throws IOException {
        if (value != 0) {
            json.writeNumberField(name, Integer.toUnsignedLong(value));
        }
    }

    /** int64 and sfixed64: a decimal string, since JSON numbers lose precision past 2^53. */
    void int64(String name, long value) throws IOException {
        if (value != 0) {
            json.writeStringField(name, Long.toString(value));
        }
    }

    /** uint64 and fixed64, such as every {@code *_time_unix_nano}. */
    void uint64(String name, long value) throws IOException {
        if (value != 0) {
            json.writeStringField(name, Long.toUnsignedString(value));
        }
    }

    /** An implicit-presence double: left out only at +0.0, as the protobuf encoding does. */
    void doubleValue(String name, double value) throws IOException {
        if (Double.doubleToRawLongBits(value) != 0) {
            present(name, value);
        }
    }

    /** A double that is present whatever its value: an {@code optional} field that is set, or a oneof member. */
    void present(String name, double value) throws IOException {
        json.writeFieldName(name);
        number(value);
    }

    /** An int64 that is present whatever its value: a oneof member. */
    void present(String name, long value) throws IOException {
        json.writeStringField(name, Long.toString(value));
    }

    /** Trace and span ids: lowercase hex, as OTLP/JSON wants, rather than proto3 JSON's base64. */
    void id(String name, ByteString value) throws IOException {
        if (!value.isEmpty()) {
            json.writeStringField(name, HEX.formatHex(value.toByteArray()));
        }
    }

    /** Every other bytes field: standard base64 with padding, Jackson's default variant. */
    void bytes(String name, ByteString value) throws IOException {
        if (!value.isEmpty()) {
            json.writeFieldName(name);
            json.writeBinary(value.toByteArray());
        }
    }

    /** A message field; {@code present} is its {@code hasX()}. */
    <T> void object(String name, boolean present, T value, Part<T> part) throws IOException {
        if (present) {
            json.writeFieldName(name);
            json.writeStartObject();
            part.write(this, value);
            json.writeEndObject();
        }
    }

    /** A repeated message field. */
    <T> void objects(String name, List<T> values, Part<T> part) throws IOException {
        if (!values.isEmpty()) {
            json.writeArrayFieldStart(name);
            for (T value : values) {
                json.writeStartObject();
                part.write(this, value);
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    void uint64s(String name, List<Long> values) throws IOException {
        if (!values.isEmpty()) {
            json.writeArrayFieldStart(name);
            for (long value : values) {
                json.writeString(Long.toUnsignedString(value));
            }
            json.writeEndArray();
        }
    }

    void doubles(String name, List<Double> values) throws IOException {
        if (!values.isEmpty()) {
            json.writeArrayFieldStart(name);
            for (double value : values) {
                number(value);
            }
            json.writeEndArray();
        }
    }

    void strings(String name, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            json.writeArrayFieldStart(name);
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
    }

    /** Proto3 JSON writes the values JSON has no number for as strings. */
    private void number(double value) throws IOException {
        if (Double.isNaN(value)) {
            json.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            json.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            json.writeNumber(value);
        }
    }

    // The messages every signal shares.

    static void resource(OtlpJsonWriter out, Resource resource) throws IOException {
        out.objects("attributes", resource.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint32("droppedAttributesCount", resource.getDroppedAttributesCount());
        out.objects("entityRefs", resource.getEntityRefsList(), OtlpJsonWriter::entityRef);
    }

    static void entityRef(OtlpJsonWriter out, EntityRef ref) throws IOException {
        out.string("schemaUrl", ref.getSchemaUrl());
        out.string("type", ref.getType());
        out.strings("idKeys", ref.getIdKeysList());
        out.strings("descriptionKeys", ref.getDescriptionKeysList());
    }

    static void scope(OtlpJsonWriter out, InstrumentationScope scope) throws IOException {
        out.string("name", scope.getName());
        out.string("version", scope.getVersion());
        out.objects("attributes", scope.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint32("droppedAttributesCount", scope.getDroppedAttributesCount());
    }

    static void keyValue(OtlpJsonWriter out, KeyValue keyValue) throws IOException {
        out.string("key", keyValue.getKey());
        out.object("value", keyValue.hasValue(), keyValue.getValue(), OtlpJsonWriter::anyValue);
        out.int32("keyStrindex", keyValue.getKeyStrindex());
    }

    /** The one member that is set, whatever its value: an empty string or a false is still a value. */
    static void anyValue(OtlpJsonWriter out, AnyValue value) throws IOException {
        JsonGenerator json = out.json;
        switch (value.getValueCase()) {
            case STRING_VALUE -> json.writeStringField("stringValue", value.getStringValue());
            case BOOL_VALUE -> json.writeBooleanField("boolValue", value.getBoolValue());
            case INT_VALUE -> json.writeStringField("intValue", Long.toString(value.getIntValue()));
            case DOUBLE_VALUE -> out.present("doubleValue", value.getDoubleValue());
            case ARRAY_VALUE -> out.object("arrayValue", true, value.getArrayValue(),
                    (o, array) -> o.objects("values", array.getValuesList(), OtlpJsonWriter::anyValue));
            case KVLIST_VALUE -> out.object("kvlistValue", true, value.getKvlistValue(),
                    (o, list) -> o.objects("values", list.getValuesList(), OtlpJsonWriter::keyValue));
            case BYTES_VALUE -> {
                json.writeFieldName("bytesValue");
                json.writeBinary(value.getBytesValue().toByteArray());
            }
            case STRING_VALUE_STRINDEX -> json.writeNumberField("stringValueStrindex", value.getStringValueStrindex());
            case VALUE_NOT_SET -> {
            }
        }
    }
}
