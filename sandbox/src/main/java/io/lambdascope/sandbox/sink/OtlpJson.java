package io.lambdascope.sandbox.sink;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Decodes OTLP/JSON into the protobuf messages.
 *
 * <p>OTLP/JSON is the protobuf JSON mapping with one exception: trace and span ids are hex, not
 * base64 (OTLP specification, "JSON Protobuf Encoding"). {@link JsonFormat} already covers the rest
 * of the mapping for every OTLP message (lowerCamelCase or original field names, enums as names or
 * numbers, 64-bit integers as strings or numbers, oneofs), so rather than a second hand-written
 * decoder, the id fields are rewritten from hex to base64 in the JSON tree and JsonFormat does the
 * rest. Unknown fields are ignored, as the specification asks of receivers.
 */
final class OtlpJson {

    /** The id fields, in both spellings JsonFormat accepts; no other OTLP field has these names. */
    private static final Set<String> ID_FIELDS =
            Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpJson() {
    }

    /** Parses {@code json} as {@code signal}'s request; throws with a message fit for a 400 answer. */
    static Message decode(Signal signal, byte[] json) throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidProtocolBufferException("invalid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProtocolBufferException("an OTLP/JSON body must be a JSON object");
        }
        hexIdsToBase64(tree);
        Message.Builder builder = signal.newBuilder();
        try {
            PARSER.merge(tree.toString(), builder);
        } catch (RuntimeException e) {
            // JsonFormat reports some malformed input (e.g. a number out of range) unchecked.
            throw new InvalidProtocolBufferException(String.valueOf(e.getMessage()));
        }
        return builder.build();
    }

    private static void hexIdsToBase64(JsonNode node) throws InvalidProtocolBufferException {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
                    field.setValue(object.textNode(base64(field.getKey(), field.getValue().asText())));
                } else {
                    hexIdsToBase64(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                hexIdsToBase64(element);
            }
        }
    }

    private static String base64(String field, String hex) throws InvalidProtocolBufferException {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidProtocolBufferException(field + " must be hex-encoded: \"" + hex + "\"");
        }
    }
}
