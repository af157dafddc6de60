package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A JSON value as parsed: an object, array, string, number, boolean or null, or the missing value
 * that stands for a field or element that is not there. Immutable, so safe to share between threads.
 *
 * <p>Every method means what the method of Jackson's {@code JsonNode} it replaces means, including
 * for values of the "wrong" type, which the lenient readers of Lambda's records rely on: the
 * {@code asXxx} methods convert as Jackson does ({@link #asText()} of a number is its text, of a
 * container {@code ""}), the {@code xxxValue} methods give a default ({@code null}, {@code 0},
 * {@code false}) for a value of another type, {@link #get(String)} gives {@code null} for an absent
 * field and {@link #path(String)} the missing value. Numbers are read as Jackson reads them: whole
 * numbers exactly (up to {@code long}, larger ones as big integers), others as {@code double}.
 */
public abstract sealed class JsonValue implements Iterable<JsonValue>
        permits JsonObject, JsonArray, JsonString, JsonInteger, JsonBigInteger, JsonDouble, JsonBoolean, JsonNull, JsonMissing {

    /** Jackson's defaults, stream read constraints included: they bound nesting, numbers and strings. */
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /**
     * Documents from this size keep their long strings undecoded until read. Below it, or for a
     * short string, Jackson's decoding in the same pass is cheaper than finding the string's end
     * and decoding it later; Telemetry API batches, at most 256 KiB by default, stay below.
     */
    static final int LAZY_DOCUMENT_BYTES = 256 * 1024;
    /** The size, as written, from which a string of such a document waits to be read. */
    static final int LAZY_STRING_BYTES = 4 * 1024;

    /** What a value is; the names are those of Jackson's {@code JsonNodeType}. */
    public enum Type {
        /** A JSON array. */
        ARRAY,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** No value: an absent field or element, or an empty document. */
        MISSING,
        /** JSON {@code null}. */
        NULL,
        /** A JSON number. */
        NUMBER,
        /** A JSON object. */
        OBJECT,
        /** A JSON string. */
        STRING
    }

    JsonValue() {
    }

    /**
     * Reads a document: its first value, as Jackson's {@code ObjectMapper.readTree} does. Whatever
     * follows that value is not read; an empty or blank document is the missing value.
     *
     * @param json the document, in UTF-8 (or UTF-16 or UTF-32, which Jackson detects)
     * @return its value
     * @throws IOException when it is not JSON or passes the parser's limits: Jackson's
     *                     {@link com.fasterxml.jackson.core.JsonProcessingException} subclasses
     */
    public static JsonValue parse(byte[] json) throws IOException {
        return parse(json, LAZY_DOCUMENT_BYTES, LAZY_STRING_BYTES);
    }

    /**
     * {@link #parse(byte[])}, with strings of a large document decoded only when read.
     *
     * @param lazyDocument the size from which a document's strings may wait to be decoded
     * @param lazyString the size, as written, from which such a string waits
     */
    static JsonValue parse(byte[] json, int lazyDocument, int lazyString) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return TreeReader.read(parser, json.length >= lazyDocument ? json : null, lazyString);
        }
    }

    /**
     * Reads a document that is one value and nothing else: unlike {@link #parse(byte[])}, anything
     * after the value is an error, as an empty document is. For message bodies, where either means
     * the message is malformed.
     *
     * @param json the document, in UTF-8 (or UTF-16 or UTF-32, which Jackson detects)
     * @return its value
     * @throws IOException when it is not exactly one JSON value or passes the parser's limits
     */
    public static JsonValue parseWhole(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonValue value = TreeReader.read(parser, json.length >= LAZY_DOCUMENT_BYTES ? json : null, LAZY_STRING_BYTES);
            if (value.isMissing()) {
                throw new JsonParseException(parser, "no JSON value");
            }
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more than one JSON value");
            }
            return value;
        }
    }

    /**
     * Reads a document held as text, as {@link #parse(byte[])} does.
     *
     * @param json the document
     * @return its value
     * @throws IOException when it is not JSON or passes the parser's limits
     */
    public static JsonValue parse(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return TreeReader.read(parser, null, 0);
        }
    }

    /** The missing value, as {@link #path(String)} gives it for an absent field. */
    public static JsonValue missing() {
        return JsonMissing.INSTANCE;
    }

    /** What this value is. */
    public abstract Type type();

    /** Whether this is an object. */
    public final boolean isObject() {
        return type() == Type.OBJECT;
    }

    /** Whether this is an array. */
    public final boolean isArray() {
        return type() == Type.ARRAY;
    }

    /** Whether this is a string. */
    public final boolean isString() {
        return type() == Type.STRING;
    }

    /** Whether this is a number, whole or not. */
    public final boolean isNumber() {
        return type() == Type.NUMBER;
    }

    /** Whether this is a number written without fraction or exponent. */
    public boolean isIntegralNumber() {
        return false;
    }

    /** Whether this is {@code true} or {@code false}. */
    public final boolean isBoolean() {
        return type() == Type.BOOLEAN;
    }

    /** Whether this is JSON {@code null}. */
    public final boolean isNull() {
        return type() == Type.NULL;
    }

    /** Whether this is the missing value. */
    public final boolean isMissing() {
        return type() == Type.MISSING;
    }

    /** Whether this is a string, number, boolean or null: neither a container nor missing. */
    public final boolean isScalar() {
        Type type = type();
        return type != Type.OBJECT && type != Type.ARRAY && type != Type.MISSING;
    }

    /**
     * An object's field.
     *
     * @param name the field's name
     * @return its value; null when this is not an object or has no such field
     */
    public JsonValue get(String name) {
        return null;
    }

    /**
     * An array's element.
     *
     * @param index the element's position
     * @return the element; null when this is not an array or the index is out of its bounds
     */
    public JsonValue get(int index) {
        return null;
    }

    /**
     * An object's field, for chained reads.
     *
     * @param name the field's name
     * @return its value; the missing value when this is not an object or has no such field
     */
    public final JsonValue path(String name) {
        JsonValue value = get(name);
        return value != null ? value : JsonMissing.INSTANCE;
    }

    /** Whether this is an object with that field, whatever its value, null included. */
    public final boolean has(String name) {
        return get(name) != null;
    }

    /** The fields of an object or the elements of an array; 0 for any other value. */
    public int size() {
        return 0;
    }

    /** Whether {@link #size()} is 0, which holds for every value that is not a container. */
    public final boolean isEmpty() {
        return size() == 0;
    }

    /** A string's text; null for any other value. */
    public String stringValue() {
        return null;
    }

    /**
     * A string's text in pieces, in order, for as long as {@code piece} asks for more by returning
     * true; none ends between the halves of a surrogate pair, and an empty string or any other value
     * gives none. A string not decoded yet comes in pieces of a few thousand chars, so that a long
     * one can be cut without its whole text ever being held at once.
     *
     * @param piece given each piece; returns whether it wants the next
     */
    public void textInPieces(Predicate<String> piece) {
    }

    /**
     * A string's size in UTF-8, as {@link Utf8#length} gives it for the text, counted without
     * decoding a string not decoded yet; 0 for any other value.
     */
    public long utf8Length() {
        return 0;
    }

    /**
     * The value as text: a string's own, a number's as Java writes it ({@code 42}, {@code 1.5E10}),
     * {@code true} or {@code false}, {@code null} for null; {@code ""} for a container or the
     * missing value.
     */
    public String asText() {
        return "";
    }

    /**
     * {@link #asText()}, except for null and the missing value.
     *
     * @param fallback what null and the missing value give
     * @return the text
     */
    public String asText(String fallback) {
        return asText();
    }

    /** A number's value, cut to a {@code long} as Java's conversions do; 0 for any other value. */
    public long longValue() {
        return 0;
    }

    /** A number's value as a {@code double}; 0 for any other value. */
    public double doubleValue() {
        return 0;
    }

    /** A boolean's value; false for any other value. */
    public boolean booleanValue() {
        return false;
    }

    /**
     * The value as a {@code long}: a number's {@link #longValue()}, a string's number as Jackson's
     * {@code NumberInput.parseAsLong} reads it, 1 for true; 0 when there is none.
     */
    public long asLong() {
        return 0;
    }

    /**
     * The value as a boolean: a boolean's own, a whole number's being non-zero, a string that is
     * {@code true} once trimmed; false for anything else, fractional numbers included.
     */
    public boolean asBoolean() {
        return false;
    }

    /** Whether this is a number whose value a {@code long} holds without overflow (a fraction is cut). */
    public boolean canConvertToLong() {
        return false;
    }

    /** An object's fields in document order, each name once with its last value; empty for any other value. */
    public List<Map.Entry<String, JsonValue>> fields() {
        return List.of();
    }

    /** An object's field names in document order; empty for any other value. */
    public List<String> fieldNames() {
        return List.of();
    }

    /** An array's elements, or an object's field values, in document order; nothing for any other value. */
    @Override
    public Iterator<JsonValue> iterator() {
        return Collections.emptyIterator();
    }

    /** Writes the value with a generator. */
    abstract void write(JsonGenerator json) throws IOException;

    /** The value as compact JSON, written as Jackson writes it; {@code ""} for the missing value. */
    @Override
    public String toString() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            write(json);
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
