package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;

import java.io.IOException;
import java.util.Arrays;

/**
 * Builds a tree from a parser's tokens in one pass. Without recursion: the values of the open
 * containers wait on one stack (their names on a parallel one), and each container takes its own
 * off the stack, in an array of their exact number, when it closes. The depth is bounded by the
 * parser's nesting limit, which it checks as each container opens.
 *
 * <p>Long strings inside a container of a large UTF-8 document are not decoded: each keeps its
 * place in the document ({@link JsonString}) and the parser skips it, checking it as it goes, when
 * it moves to the next token. A top-level string is decoded at once, since nothing would follow to
 * check it.
 */
final class TreeReader {

    /** The members of every open container, outermost first; a container's own slot precedes them. */
    private JsonValue[] values = new JsonValue[32];
    /** The field name of each slot of {@link #values} that belongs to an object. */
    private String[] names = new String[32];
    private int top;
    /** Where each open container's members start in {@link #values}, innermost last. */
    private int[] starts = new int[8];
    private boolean[] objects = new boolean[8];
    private int depth;
    /** The UTF-8 document the parser reads, whose long strings are read where they stand; null when not. */
    private final byte[] document;
    /** The length, as written, from which a string is read where it stands. */
    private final int lazyString;

    private TreeReader(byte[] document, int lazyString) {
        this.document = document;
        this.lazyString = lazyString;
    }

    /**
     * Reads the parser's next value, as Jackson's {@code readTree} does: the missing value at the
     * end of the input, and nothing after the value is read.
     *
     * @param document the bytes the parser reads, whose long strings are to wait until read; null
     *                 to decode every string at once
     * @param lazyString the length, as written, from which a string waits
     */
    static JsonValue read(JsonParser parser, byte[] document, int lazyString) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            return JsonMissing.INSTANCE;
        }
        int id = token.id();
        if (id != JsonTokenId.ID_START_OBJECT && id != JsonTokenId.ID_START_ARRAY) {
            return scalar(parser, id);
        }
        return new TreeReader(document, lazyString).container(parser, id == JsonTokenId.ID_START_OBJECT);
    }

    private JsonValue container(JsonParser parser, boolean object) throws IOException {
        open(object);
        while (true) {
            int id;
            if (objects[depth - 1]) {
                String name = parser.nextFieldName();
                if (name == null) {
                    // Not a name: the parser has only let through the end of the object.
                    id = parser.currentTokenId();
                } else {
                    ensureRoom();
                    names[top] = name;
                    id = JsonTokenId.ID_NO_TOKEN;
                    JsonToken value = parser.nextToken();
                    if (value != null) {
                        id = value.id();
                    }
                }
            } else {
                JsonToken token = parser.nextToken();
                id = token == null ? JsonTokenId.ID_NO_TOKEN : token.id();
            }
            switch (id) {
                case JsonTokenId.ID_START_OBJECT -> open(true);
                case JsonTokenId.ID_START_ARRAY -> open(false);
                case JsonTokenId.ID_END_OBJECT, JsonTokenId.ID_END_ARRAY -> {
                    JsonValue closed = close();
                    if (depth == 0) {
                        return closed;
                    }
                }
                case JsonTokenId.ID_STRING -> {
                    ensureRoom();
                    values[top++] = string(parser);
                }
                default -> {
                    ensureRoom();
                    values[top++] = scalar(parser, id);
                }
            }
        }
    }

    /** A container starts: its slot is taken now, filled when it closes. */
    private void open(boolean object) {
        ensureRoom();
        values[top++] = null;
        if (depth == starts.length) {
            starts = Arrays.copyOf(starts, depth * 2);
            objects = Arrays.copyOf(objects, depth * 2);
        }
        starts[depth] = top;
        objects[depth++] = object;
    }

    /** The innermost container ends: its members leave the stack and it takes its slot. */
    private JsonValue close() {
        int start = starts[--depth];
        JsonValue[] members = Arrays.copyOfRange(values, start, top);
        JsonValue closed = objects[depth]
                ? JsonObject.of(Arrays.copyOfRange(names, start, top), members)
                : JsonArray.of(members);
        top = start;
        values[top - 1] = closed;
        return closed;
    }

    private void ensureRoom() {
        if (top == values.length) {
            values = Arrays.copyOf(values, top * 2);
            names = Arrays.copyOf(names, top * 2);
        }
    }

    /**
     * The string the parser is at: where it stands in the document when it is long, else decoded.
     * A document in UTF-16 or UTF-32 has no byte offsets (Jackson reads it through a decoder), and
     * its strings are decoded.
     */
    private JsonValue string(JsonParser parser) throws IOException {
        long quote = document == null ? -1 : parser.currentTokenLocation().getByteOffset();
        if (quote >= 0 && quote < document.length && document[(int) quote] == '"') {
            int end = EscapedText.closingQuote(document, (int) quote);
            if (end > 0 && end - quote > lazyString) {
                return new JsonString(document, (int) quote + 1, end);
            }
        }
        return new JsonString(parser.getText());
    }

    private static JsonValue scalar(JsonParser parser, int id) throws IOException {
        return switch (id) {
            case JsonTokenId.ID_STRING -> new JsonString(parser.getText());
            // Jackson's tree keeps whole numbers exact: int and long alike, larger ones as BigInteger.
            case JsonTokenId.ID_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? new JsonBigInteger(parser.getBigIntegerValue())
                    : new JsonInteger(parser.getLongValue());
            case JsonTokenId.ID_NUMBER_FLOAT -> new JsonDouble(parser.getDoubleValue());
            case JsonTokenId.ID_TRUE -> JsonBoolean.TRUE;
            case JsonTokenId.ID_FALSE -> JsonBoolean.FALSE;
            case JsonTokenId.ID_NULL -> JsonNull.INSTANCE;
            // A JSON parser reports its own errors first; this is for a token no JSON document has.
            default -> throw new JsonParseException(parser, "unexpected token " + parser.currentToken());
        };
    }
}
