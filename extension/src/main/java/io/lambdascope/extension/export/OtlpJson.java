package io.lambdascope.extension.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The OTLP/JSON encoding of any OTLP message, as the specification's "JSON Protobuf Encoding"
 * section has it: the protobuf JSON mapping with lowerCamelCase field names, trace and span ids in
 * hex rather than base64, enums as integers, 64-bit integers as decimal strings, other bytes as
 * base64, and fields at their default value left out.
 *
 * <p>The encoder reads the message's own protobuf serialization and names each field from its
 * descriptor. The generated serializer has already left out every default value and kept the
 * presence of {@code optional} and {@code oneof} fields, so what is on the wire is exactly what the
 * JSON must hold; and reading bytes needs none of the reflection a descriptor-driven walk over the
 * message objects would, which is slow on a cold JVM. Being generic, it covers every field of every
 * OTLP message, including those added by later versions of the protocol.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class OtlpJson {

    /** The bytes fields written in hex, in every OTLP message that has them. */
    private static final Set<String> ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpJson() {
    }

    /**
     * Encodes a message as one line of OTLP/JSON, without a line break.
     *
     * @param message an OTLP message, usually an {@code Export*ServiceRequest}
     * @return UTF-8 JSON
     */
    public static byte[] encode(Message message) {
        // JSON of telemetry runs to about twice its protobuf size: hex ids, quoted numbers, field names.
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.getSerializedSize() * 2));
        write(message, out);
        return out.toByteArray();
    }

    /**
     * Writes a message as OTLP/JSON to a stream, without a line break.
     *
     * @param message an OTLP message
     * @param out where the UTF-8 JSON goes; it is flushed, not closed
     * @throws UncheckedIOException when the stream fails
     */
    public static void write(Message message, OutputStream out) {
        byte[] wire = message.toByteArray();
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeMessage(json, message.getDescriptorForType(), CodedInputStream.newInstance(wire));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the fields up to the input's current limit as one JSON object. */
    private static void writeMessage(JsonGenerator json, Descriptor type, CodedInputStream in) throws IOException {
        json.writeStartObject();
        // The generated serializer writes the elements of a repeated field one after another, so
        // one array stays open while the same field follows.
        FieldDescriptor openArray = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            int wireType = WireFormat.getTagWireType(tag);
            boolean packed = field != null && field.isRepeated() && field.isPackable()
                    && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (field == null || (!packed && wireType != field.getLiteType().getWireType())) {
                // A field this version of the protocol does not know: JSON readers would ignore it too.
                in.skipField(tag);
                continue;
            }
            if (field != openArray) {
                if (openArray != null) {
                    json.writeEndArray();
                    openArray = null;
                }
                json.writeFieldName(field.getJsonName());
                if (field.isRepeated()) {
                    json.writeStartArray();
                    openArray = field;
                }
            }
            if (packed) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    writeValue(json, field, in);
                }
                in.popLimit(limit);
            } else {
                writeValue(json, field, in);
            }
        }
        if (openArray != null) {
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, FieldDescriptor field, CodedInputStream in) throws IOException {
        switch (field.getType()) {
            case DOUBLE -> writeDouble(json, in.readDouble());
            case FLOAT -> {
                float value = in.readFloat();
                if (Float.isFinite(value)) {
                    json.writeNumber(value);
                } else {
                    writeDouble(json, value);
                }
            }
            case INT64 -> json.writeString(Long.toString(in.readInt64()));
            case SINT64 -> json.writeString(Long.toString(in.readSInt64()));
            case SFIXED64 -> json.writeString(Long.toString(in.readSFixed64()));
            case UINT64 -> json.writeString(Long.toUnsignedString(in.readUInt64()));
            case FIXED64 -> json.writeString(Long.toUnsignedString(in.readFixed64()));
            case INT32 -> json.writeNumber(in.readInt32());
            case SINT32 -> json.writeNumber(in.readSInt32());
            case SFIXED32 -> json.writeNumber(in.readSFixed32());
            case UINT32 -> json.writeNumber(Integer.toUnsignedLong(in.readUInt32()));
            case FIXED32 -> json.writeNumber(Integer.toUnsignedLong(in.readFixed32()));
            case BOOL -> json.writeBoolean(in.readBool());
            case ENUM -> json.writeNumber(in.readEnum());
            case STRING -> json.writeString(in.readStringRequireUtf8());
            case BYTES -> {
                byte[] bytes = in.readByteArray();
                if (ID_FIELDS.contains(field.getName())) {
                    json.writeString(HEX.formatHex(bytes));
                } else {
                    // Jackson's default variant is standard base64 with padding and no line breaks, as proto3 JSON asks.
                    json.writeBinary(bytes);
                }
            }
            case MESSAGE -> {
                int limit = in.pushLimit(in.readRawVarint32());
                writeMessage(json, field.getMessageType(), in);
                in.popLimit(limit);
            }
            case GROUP -> throw new IOException("group fields are not part of OTLP: " + field.getFullName());
        }
    }

    /** Proto3 JSON writes the values JSON has no number for as strings. */
    private static void writeDouble(JsonGenerator json, double value) throws IOException {
        if (Double.isNaN(value)) {
            json.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            json.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            json.writeNumber(value);
        }
    }
}
