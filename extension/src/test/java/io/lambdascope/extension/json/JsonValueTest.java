package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the tree reads, spelled out; {@link JsonValueDifferentialTest} holds it to Jackson's reading. */
class JsonValueTest {

    @Test
    void wholeNumbersStayExactAndTheirTextIsTheirDigits() throws IOException {
        JsonValue small = JsonValue.parse("42");
        assertEquals(JsonValue.Type.NUMBER, small.type());
        assertTrue(small.isNumber() && small.isIntegralNumber() && small.canConvertToLong());
        assertEquals("42", small.asText());
        assertEquals(42, small.longValue());
        assertEquals(42.0, small.doubleValue());
        assertNull(small.stringValue());

        JsonValue longest = JsonValue.parse("-9223372036854775808");
        assertEquals(Long.MIN_VALUE, longest.longValue());
        assertTrue(longest.canConvertToLong());

        JsonValue big = JsonValue.parse("123456789012345678901234567890");
        assertTrue(big.isIntegralNumber());
        assertFalse(big.canConvertToLong(), "past a long");
        assertEquals("123456789012345678901234567890", big.asText());
        assertEquals("123456789012345678901234567890", big.toString());
        assertEquals(1.2345678901234568E29, big.doubleValue());
    }

    @Test
    void otherNumbersAreDoublesWrittenAsJavaWritesThem() throws IOException {
        JsonValue decimal = JsonValue.parse("1.5e10");
        assertTrue(decimal.isNumber());
        assertFalse(decimal.isIntegralNumber());
        assertEquals("1.5E10", decimal.asText());
        assertEquals("1.5E10", decimal.toString());
        assertEquals(15_000_000_000L, decimal.longValue());
        assertTrue(decimal.canConvertToLong());
        assertEquals("100.0", JsonValue.parse("1e2").asText(), "an exponent makes a double, as in Jackson");
        assertEquals("-0.0", JsonValue.parse("-0.0").toString());
        assertEquals("0", JsonValue.parse("-0").toString());

        JsonValue huge = JsonValue.parse("1e400");
        assertEquals(Double.POSITIVE_INFINITY, huge.doubleValue());
        assertFalse(huge.canConvertToLong());
        assertEquals("\"Infinity\"", huge.toString(), "Jackson writes a non-finite number as a string");
    }

    @Test
    void stringsDecodeEscapesAndAreWrittenBackCompactly() throws IOException {
        JsonValue text = JsonValue.parse("\"\\u00e9\\ud83d\\ude00 \\\"q\\\" \\u0001\\n\\/\"");
        assertTrue(text.isString());
        assertEquals("é😀 \"q\" \u0001\n/", text.stringValue());
        assertEquals(text.stringValue(), text.asText());
        assertEquals("\"é😀 \\\"q\\\" \\u0001\\n/\"", text.toString());
        assertEquals(JsonValue.parse("\"é😀\"".getBytes(StandardCharsets.UTF_8)).stringValue(), "é😀");
    }

    @Test
    void conversionsOfValuesOfTheWrongTypeGiveJacksonsDefaults() throws IOException {
        JsonValue object = JsonValue.parse("{\"a\":1}");
        assertEquals("", object.asText());
        assertEquals("", object.asText("fallback"));
        assertEquals(0, object.asLong());
        assertFalse(object.asBoolean());
        assertNull(object.stringValue());

        JsonValue nothing = JsonValue.parse("null");
        assertTrue(nothing.isNull() && nothing.isScalar());
        assertEquals("null", nothing.asText());
        assertEquals("fallback", nothing.asText("fallback"));

        assertEquals(12, JsonValue.parse("\" 12 \"").asLong());
        assertEquals(1, JsonValue.parse("\"1.9\"").asLong());
        assertEquals(0, JsonValue.parse("\"9999999999999999999\"").asLong(), "past a long reads as 0");
        assertEquals(1, JsonValue.parse("true").asLong());
        assertTrue(JsonValue.parse("\" true \"").asBoolean());
        assertFalse(JsonValue.parse("\"TRUE\"").asBoolean());
        assertTrue(JsonValue.parse("2").asBoolean());
        assertFalse(JsonValue.parse("2.5").asBoolean(), "a fraction is no boolean");
        assertTrue(JsonValue.parse("true").booleanValue());
        assertFalse(JsonValue.parse("\"true\"").booleanValue());
    }

    @Test
    void getGivesNullWherePathGivesTheMissingValue() throws IOException {
        JsonValue record = JsonValue.parse("{\"a\":{\"b\":null},\"list\":[1]}");
        assertNull(record.get("absent"));
        assertTrue(record.path("absent").isMissing());
        assertTrue(record.path("absent").path("deeper").isMissing());
        assertTrue(record.has("a"));
        assertTrue(record.path("a").has("b"), "a field that is null is there");
        assertTrue(record.path("a").get("b").isNull());
        assertNull(record.get(0), "an object has no elements");
        assertNull(record.path("list").get("x"), "an array has no fields");
        assertNull(record.path("list").get(1));
        assertNull(record.path("list").get(-1));
        assertEquals(1, record.path("list").get(0).longValue());

        JsonValue missing = JsonValue.missing();
        assertSame(missing, record.path("absent"));
        assertFalse(missing.isScalar());
        assertEquals("", missing.asText());
        assertEquals("fallback", missing.asText("fallback"));
        assertEquals("", missing.toString());
    }

    @Test
    void emptyContainersAndScalarsAreEmpty() throws IOException {
        for (String json : List.of("{}", "[]", "\"\"", "7", "null")) {
            JsonValue value = JsonValue.parse(json);
            assertEquals(0, value.size(), json);
            assertTrue(value.isEmpty(), json);
            assertFalse(value.iterator().hasNext(), json);
            assertEquals(json, value.toString());
        }
        assertEquals("{\"a\":[],\"b\":{},\"c\":[{}]}", JsonValue.parse(" { \"a\" : [ ] , \"b\":{}, \"c\" :[{ }]}").toString());
    }

    @Test
    void fieldsKeepTheirOrderAndARepeatedNameTakesItsLastValueInItsFirstPlace() throws IOException {
        JsonValue object = JsonValue.parse("{\"z\":1,\"a\":2,\"m\":{\"x\":1},\"a\":3,\"m\":[4]}");
        assertEquals(List.of("z", "a", "m"), object.fieldNames());
        assertEquals(3, object.size());
        assertEquals(3, object.get("a").longValue());
        assertEquals("{\"z\":1,\"a\":3,\"m\":[4]}", object.toString());
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, JsonValue> field : object.fields()) {
            seen.add(field.getKey() + "=" + field.getValue());
        }
        assertEquals(List.of("z=1", "a=3", "m=[4]"), seen);
        List<String> values = new ArrayList<>();
        object.forEach(value -> values.add(value.toString()));
        assertEquals(List.of("1", "3", "[4]"), values, "an object iterates over its values, as Jackson's does");
    }

    @Test
    void largeObjectsAreIndexedAndKeepTheSameRules() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 100; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i % 60).append("\":").append(i);
        }
        JsonValue object = JsonValue.parse(json.append('}').toString());
        assertEquals(60, object.size());
        assertEquals("f0", object.fieldNames().getFirst());
        assertEquals(60, object.get("f0").longValue(), "the last of f0's values");
        assertEquals(59, object.get("f59").longValue());
        assertNull(object.get("f60"));
    }

    /**
     * "Aa" and "BB" have the same hash code, so every name made of them collides with every other:
     * the index of a large object must still find each. (How fast it does so is for a benchmark; an
     * index that scanned colliding names would make this test take minutes rather than a second.)
     */
    @Test
    void namesChosenToCollideAreAllFound() throws IOException {
        StringBuilder json = new StringBuilder("{");
        int count = 1 << 17;
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append('"');
            for (int bit = 16; bit >= 0; bit--) {
                json.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            json.append("\":").append(i);
        }
        String document = json.append('}').toString();
        JsonValue object = JsonValue.parse(document);
        assertEquals(count, object.size());
        assertEquals(count - 1, object.get("BB".repeat(17)).longValue());
        assertEquals(0, object.get("Aa".repeat(17)).longValue());
        assertEquals(count / 2, object.get("BB" + "Aa".repeat(16)).longValue());
    }

    @Test
    void aWholeDocumentIsOneValueAndNothingElse() throws IOException {
        assertEquals(2, JsonValue.parseWhole("[1,2] \n".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals("x", JsonValue.parseWhole("\"x\"".getBytes(StandardCharsets.UTF_8)).asText());
        for (String bad : List.of("", "  ", "[1,2][3]", "[1,2] x", "{} {}", "[1,")) {
            assertThrows(IOException.class, () -> JsonValue.parseWhole(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        // What parse reads of the same bytes: the first value, whatever follows.
        assertEquals(2, JsonValue.parse("[1,2][3]").size());
    }

    @Test
    void theTreeCannotBeChanged() throws IOException {
        JsonValue object = JsonValue.parse("{\"a\":[1,2]}");
        assertThrows(UnsupportedOperationException.class, () -> object.fields().set(0, Map.entry("b", object)));
        assertThrows(UnsupportedOperationException.class, () -> object.fieldNames().add("b"));
        Iterator<JsonValue> values = object.iterator();
        values.next();
        assertThrows(UnsupportedOperationException.class, values::remove);
        Iterator<JsonValue> elements = object.get("a").iterator();
        elements.next();
        assertThrows(UnsupportedOperationException.class, elements::remove);
    }

    @Test
    void aDocumentIsItsFirstValue() throws IOException {
        assertTrue(JsonValue.parse("").isMissing());
        assertTrue(JsonValue.parse(new byte[0]).isMissing());
        assertTrue(JsonValue.parse(" \n").isMissing());
        assertEquals("{\"a\":1}", JsonValue.parse("{\"a\":1} and more").toString(), "as Jackson's readTree, the rest is not read");
        assertEquals("1", JsonValue.parse("1 2").toString());
    }

    @Test
    void malformedDocumentsFailWithJacksonsExceptions() {
        for (String json : List.of("{", "[1,", "{\"a\":}", "{a:1}", "[1,]", "nul", "\"abc", "01", "NaN", "[1}", "}")) {
            IOException e = assertThrows(IOException.class, () -> JsonValue.parse(json), json);
            assertInstanceOf(JsonProcessingException.class, e, json);
        }
    }

    @Test
    void jacksonsLimitsStillHold() throws IOException {
        assertEquals(1, JsonValue.parse("[".repeat(1000) + "]".repeat(1000)).size(), "1000 levels, Jackson's limit");
        assertThrows(StreamConstraintsException.class, () -> JsonValue.parse("[".repeat(1001) + "]".repeat(1001)));
        // Far deeper than any stack would take, had the reader recursed.
        assertThrows(StreamConstraintsException.class, () -> JsonValue.parse("{\"a\":[".repeat(100_000)));
        assertThrows(StreamConstraintsException.class, () -> JsonValue.parse("1" + "0".repeat(1_000)));
        String large = "x".repeat(6 << 20);
        assertEquals(large, JsonValue.parse("\"" + large + "\"").stringValue(), "a 6 MB event body is well within the string limit");
    }

    @Test
    void theDeepestDocumentsAllowedAreReadAndWritten() throws IOException {
        String json = "{\"a\":[".repeat(499) + "7" + "]}".repeat(499);
        JsonValue value = JsonValue.parse(json);
        for (int i = 0; i < 499; i++) {
            value = value.get("a").get(0);
        }
        assertEquals(7, value.longValue());
        assertEquals(json, JsonValue.parse(json).toString());
    }

    @Test
    void stringsOfAUtf8DocumentAreDecodedOnlyWhenRead() throws IOException {
        JsonValue event = JsonValue.parse("{\"id\":\"a\",\"body\":\"{\\\"k\\\":\\\"\\u00e9\\\"}\",\"list\":[\"x\"]}"
                .getBytes(StandardCharsets.UTF_8), 0, 0);
        JsonString body = (JsonString) event.get("body");
        assertTrue(body.undecoded() && ((JsonString) event.get("id")).undecoded() && ((JsonString) event.path("list").get(0)).undecoded());
        List<String> pieces = new ArrayList<>();
        body.textInPieces(pieces::add);
        assertEquals(10, body.utf8Length());
        assertEquals(List.of("{\"k\":\"é\"}"), pieces);
        assertTrue(body.undecoded(), "read in pieces, not kept");
        assertEquals("{\"k\":\"é\"}", body.stringValue());
        assertFalse(body.undecoded());
    }

    @Test
    void onlyTheLongStringsOfALargeDocumentWaitToBeDecoded() throws IOException {
        String body = "x".repeat(JsonValue.LAZY_STRING_BYTES);
        String small = "{\"id\":\"a\",\"body\":\"" + body + "\"}";
        assertFalse(((JsonString) JsonValue.parse(small.getBytes(StandardCharsets.UTF_8)).get("body")).undecoded(), "a small document");
        String large = "{\"id\":\"a\",\"short\":\"" + body.substring(1) + "\",\"body\":\"" + body + "\",\"pad\":\""
                + "p".repeat(JsonValue.LAZY_DOCUMENT_BYTES) + "\"}";
        JsonValue event = JsonValue.parse(large.getBytes(StandardCharsets.UTF_8));
        assertFalse(((JsonString) event.get("id")).undecoded());
        assertFalse(((JsonString) event.get("short")).undecoded(), "a string one byte short of the length");
        assertTrue(((JsonString) event.get("body")).undecoded());
        assertEquals(body, event.get("body").stringValue());
    }

    @Test
    void aLongStringComesInPiecesAndStaysUndecoded() throws IOException {
        String text = "é😀".repeat(10_000);
        JsonString string = (JsonString) JsonValue.parse(("[\"" + text + "\"]").getBytes(StandardCharsets.UTF_8), 0, 0).get(0);
        List<String> pieces = new ArrayList<>();
        string.textInPieces(pieces::add);
        assertEquals(60_000, string.utf8Length());
        assertEquals(text, String.join("", pieces));
        assertTrue(pieces.size() > 3 && pieces.stream().allMatch(piece -> piece.length() <= JsonString.PIECE), pieces.size() + " pieces");
        assertTrue(string.undecoded());
    }

    @Test
    void stringsThatCannotBeReadWhereTheyStandAreDecodedAtOnce() throws IOException {
        assertFalse(((JsonString) JsonValue.parse("\"top\"".getBytes(StandardCharsets.UTF_8), 0, 0)).undecoded(),
                "a top-level string: nothing follows it to make the parser check it");
        assertFalse(((JsonString) JsonValue.parse("[\"text\"]").get(0)).undecoded(), "a document given as text");
        JsonValue utf16 = JsonValue.parse("[\"sixteen\"]".getBytes(StandardCharsets.UTF_16BE), 0, 0);
        assertFalse(((JsonString) utf16.get(0)).undecoded(), "UTF-16 has no byte offsets");
        assertEquals("sixteen", utf16.get(0).stringValue());
    }

    @Test
    void aMalformedStringFailsTheDocumentThoughItIsNotDecoded() {
        for (byte[] document : List.of(
                "[\"a\u0001b\"]".getBytes(StandardCharsets.UTF_8),
                "{\"a\":\"\\x\"}".getBytes(StandardCharsets.UTF_8),
                "[\"\\u12g4\"]".getBytes(StandardCharsets.UTF_8),
                new byte[] {'[', '"', (byte) 0xC3, '"', ']'},
                new byte[] {'[', '"', (byte) 0xFF, '"', ']'},
                "[\"open]".getBytes(StandardCharsets.UTF_8))) {
            assertThrows(JsonProcessingException.class, () -> JsonValue.parse(document, 0, 0), new String(document, StandardCharsets.ISO_8859_1));
        }
    }
}
