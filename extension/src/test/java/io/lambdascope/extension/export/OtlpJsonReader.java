package io.lambdascope.extension.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A reader of OTLP/JSON independent of the encoder under test: protobuf's own JSON parser after the
 * hex ids are turned back into base64, as collectors read it. Unknown fields fail the read, so that
 * a misspelt name shows.
 */
final class OtlpJsonReader {

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OtlpJsonReader() {
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> T read(byte[] json, T prototype) throws IOException {
        JsonNode tree = MAPPER.readTree(json);
        hexToBase64(tree);
        Message.Builder builder = prototype.newBuilderForType();
        JsonFormat.parser().merge(MAPPER.writeValueAsString(tree), builder);
        return (T) builder.build();
    }

    private static void hexToBase64(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (ID_FIELDS.contains(field.getKey()) && field.getValue().isTextual()) {
                    byte[] id = HexFormat.of().parseHex(field.getValue().asText());
                    field.setValue(object.textNode(Base64.getEncoder().encodeToString(id)));
                } else {
                    hexToBase64(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(OtlpJsonReader::hexToBase64);
        }
    }
}
