package io.lambdascope.extension.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tree against Jackson's own ({@code ObjectMapper.readTree}, what the extension used before):
 * every document of the fixture corpus, documents at the edges of JSON, mutated corpus documents
 * and random ones read the same, value for value, through every operation the tree offers, and
 * are written back the same. Where Jackson fails, the tree fails with the same exception.
 */
class JsonValueDifferentialTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    /** Documents at the edges: numbers, escapes, containers, duplicates, trailing content, malformed input. */
    static final List<String> EDGES = List.of(
            "", "   ", "\n\t", "null", "true", "false", "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "-123456789012345678901234567890", "18446744073709551615",
            "1.5", "-0.0", "0.0", "1.0", "1e2", "1E+2", "100.0e-2", "0.1", "2.5", "-2.5", "1e400", "-1e400", "1E-400",
            "1.7976931348623157E308", "4.9E-324", "123456789012345678901234567890.5", "9223372036854775807.0", "9.3e18",
            "0." + "1".repeat(300), "1" + "0".repeat(400) + ".5", "3.141592653589793238462643383279",
            "\"\"", "\"x\"", "\" true \"", "\"true\"", "\"TRUE\"", "\"false\"", "\"1\"", "\"42\"", "\"-7\"", "\"+7\"",
            "\" 12 \"", "\"1.9\"", "\"1e3\"", "\"9999999999999999999\"", "\"9223372036854775807\"", "\"0x10\"", "\"NaN\"",
            "\"\\u00e9\\ud83d\\ude00\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\\\/\"", "\"é😀\u007f\u2028\u2029\"",
            "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"<script>&'\"",
            "{}", "[]", "[[]]", "[{}]", "{\"a\":{}}", "{\"a\":[]}", "{\"a\":null}", "[null]", "[1,\"a\",true,null,1.5,[],{}]",
            "{\"k\\u0000\":\"\\u0000\"}", "{\"\":1}", "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":{\"x\":1},\"a\":[2]}",
            "{\"a\":1,\"a\":2,\"a\":3}", "{\"a\":1,\"b\":2,\"c\":3,\"b\":4,\"a\":5}",
            "{} trailing", "[1] ]", "1 2", "[]x", "{\"a\":1}{\"b\":2}", "\"a\" \"b\"",
            "[" + "[".repeat(998) + "]".repeat(998) + "]", "[".repeat(1000) + "]".repeat(1000),
            "[".repeat(1001) + "]".repeat(1001), "{\"a\":".repeat(1001) + "1" + "}".repeat(1001),
            "\uFEFF{\"bom\":true}", " \r\n {\"spaced\" : [ 1 , 2 ] } ",
            "1.5e", "\"abc", "{\"a\":}", "nul", "[1,]", "{\"a\":1,}", "{a:1}", "{'a':1}", "[1 2]", "{\"a\" 1}",
            "01", "-", "+1", ".5", "1.", "NaN", "Infinity", "[1}", "{]", "}", "]", "\"\\x\"", "\"\u0001\"", "/* c */ 1",
            "[\"\\u12\"]", "tru", "{\"a\":1", "[1,2", "\"\\ud83d\\ude0",
            bigObject(40, 40), bigObject(40, 30), bigObject(40, 7), bigObject(16, 16), bigObject(17, 17), bigObject(18, 17),
            bigObject(17, 16), bigObject(5_000, 4_000),
            // Long strings, whose pieces end next to a surrogate pair, raw and escaped.
            longString("😀"), longString("\\ud83d\\ude00"), longString("\\ud800\\ud83d\\ude00"), longString("é\\n\\u00e9"),
            longString("\\ud83d\\ude00".repeat(5_000)), longString("😀".repeat(5_000)));

    @Test
    void edgeDocumentsReadAsJacksonReadsThem() {
        for (String document : EDGES) {
            compareBoth(document.getBytes(StandardCharsets.UTF_8), abbreviated(document));
            compareText(document, abbreviated(document));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureReadsAsJacksonReadsIt() throws IOException {
        return fixtures().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(file);
            compareBoth(bytes, file.toString());
            compareText(new String(bytes, StandardCharsets.UTF_8), file.toString());
        }));
    }

    @Test
    void mutatedFixturesFailOrReadAsJacksonDoes() throws IOException {
        SplittableRandom random = new SplittableRandom(20_260_101);
        byte[] alphabet = "{}[]\":,0123456789.eE+-\\u tfnrx\u0000".getBytes(StandardCharsets.ISO_8859_1);
        for (Path file : fixtures()) {
            byte[] original = Files.readAllBytes(file);
            for (int round = 0; round < 40; round++) {
                byte[] mutated = original.clone();
                int changes = 1 + random.nextInt(3);
                for (int i = 0; i < changes && mutated.length > 0; i++) {
                    mutated[random.nextInt(mutated.length)] = random.nextBoolean()
                            ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0) {
                    mutated = java.util.Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
                }
                compareBoth(mutated, file.getFileName() + " mutation " + round);
            }
        }
    }

    @Test
    void randomDocumentsReadAsJacksonReadsThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder document = new StringBuilder();
            RandomJson.value(random, document, 0);
            compareBoth(document.toString().getBytes(StandardCharsets.UTF_8), document.toString());
        }
    }

    /** Every JSON file of the corpus, events and telemetry alike. */
    static List<Path> fixtures() throws IOException {
        String root = System.getProperty("lambdascope.fixtures", "");
        Path folder = Path.of(root.isEmpty() ? "/nonexistent" : root);
        assumeTrue(Files.isDirectory(folder), "the fixture corpus is not at " + folder + "; skipping");
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> json = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            assertFalse(json.isEmpty(), "no JSON files under " + folder);
            return json;
        }
    }

    /** As the extension reads bytes, and with every string of the document waiting to be read. */
    private static void compareBoth(byte[] document, String name) {
        compareReads(() -> JACKSON.readTree(document), () -> JsonValue.parse(document), name);
        compareReads(() -> JACKSON.readTree(document), () -> JsonValue.parse(document, 0, 0), name + " (undecoded)");
    }

    private static void compareText(String document, String name) {
        compareReads(() -> JACKSON.readTree(document), () -> JsonValue.parse(document), name);
    }

    /** One read of a document by each: both fail alike, or both read it and the values compare. */
    private static void compareReads(Read<JsonNode> jackson, Read<JsonValue> tree, String name) {
        JsonNode expected;
        try {
            expected = jackson.read();
        } catch (IOException failed) {
            IOException failure = assertThrows(IOException.class, tree::read, name + ": Jackson failed with " + failed + " but the tree read it");
            assertEquals(failed.getClass(), failure.getClass(), name + ": " + failure);
            return;
        }
        try {
            JsonValue value = tree.read();
            compareUndecoded(expected, value, name);
            compare(expected, value, name);
        } catch (IOException failure) {
            fail(name + ": Jackson read " + expected + " but the tree failed", failure);
        }
    }

    private interface Read<T> {
        T read() throws IOException;
    }

    /** Compares one value through every operation, then its members, each once. */
    static void compare(JsonNode expected, JsonValue actual, String where) {
        assertNotNull(actual, where);
        assertEquals(expected.getNodeType().name(), actual.type().name(), where + " type");
        assertEquals(expected.isObject(), actual.isObject(), where + " isObject");
        assertEquals(expected.isArray(), actual.isArray(), where + " isArray");
        assertEquals(expected.isTextual(), actual.isString(), where + " isString");
        assertEquals(expected.isNumber(), actual.isNumber(), where + " isNumber");
        assertEquals(expected.isIntegralNumber(), actual.isIntegralNumber(), where + " isIntegralNumber");
        assertEquals(expected.isBoolean(), actual.isBoolean(), where + " isBoolean");
        assertEquals(expected.isNull(), actual.isNull(), where + " isNull");
        assertEquals(expected.isMissingNode(), actual.isMissing(), where + " isMissing");
        assertEquals(expected.isValueNode(), actual.isScalar(), where + " isScalar");
        assertEquals(expected.textValue(), actual.stringValue(), where + " stringValue");
        assertEquals(expected.asText(), actual.asText(), where + " asText");
        assertEquals(expected.asText("fallback"), actual.asText("fallback"), where + " asText(fallback)");
        assertEquals(expected.asText(null), actual.asText(null), where + " asText(null)");
        assertEquals(expected.longValue(), actual.longValue(), where + " longValue");
        assertEquals(Double.doubleToLongBits(expected.doubleValue()), Double.doubleToLongBits(actual.doubleValue()),
                where + " doubleValue " + expected.doubleValue() + " / " + actual.doubleValue());
        assertEquals(expected.booleanValue(), actual.booleanValue(), where + " booleanValue");
        assertEquals(expected.asLong(), actual.asLong(), where + " asLong");
        assertEquals(expected.asBoolean(), actual.asBoolean(), where + " asBoolean");
        assertEquals(expected.canConvertToLong(), actual.canConvertToLong(), where + " canConvertToLong");
        assertEquals(expected.size(), actual.size(), where + " size");
        assertEquals(expected.isEmpty(), actual.isEmpty(), where + " isEmpty");
        assertEquals(expected.toString(), actual.toString(), where + " toString");
        assertNull(actual.get(-1), where + " get(-1)");
        assertNull(actual.get(actual.size()), where + " get(size)");
        assertNull(actual.get("\u0000absent"), where + " get(absent)");
        assertTrue(actual.path("\u0000absent").isMissing(), where + " path(absent)");
        assertFalse(actual.has("\u0000absent"), where + " has(absent)");

        List<String> names = new ArrayList<>();
        expected.fieldNames().forEachRemaining(names::add);
        assertEquals(names, actual.fieldNames(), where + " fieldNames");
        List<Map.Entry<String, JsonValue>> fields = actual.fields();
        assertEquals(names.size(), fields.size(), where + " fields");
        Iterator<JsonValue> members = actual.iterator();
        if (expected.isObject()) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                assertEquals(name, fields.get(i).getKey(), where + " field " + i);
                JsonValue value = fields.get(i).getValue();
                assertTrue(actual.has(name), where + " has " + name);
                assertSame(value, actual.get(name), where + " get " + name);
                assertSame(value, actual.path(name), where + " path " + name);
                assertSame(value, members.next(), where + " iterator at " + name);
                compare(expected.get(name), value, where + "." + name);
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                JsonValue element = actual.get(i);
                assertSame(element, members.next(), where + " iterator at " + i);
                compare(expected.get(i), element, where + "[" + i + "]");
            }
        }
        assertFalse(members.hasNext(), where + " iterator has more");
    }

    /**
     * Every string's pieces and UTF-8 size, first, while the strings of a document read from bytes
     * are still undecoded: {@link #compare} decodes them all.
     */
    private static void compareUndecoded(JsonNode expected, JsonValue actual, String where) {
        assertEquals(expected.isTextual() ? Utf8.length(expected.textValue()) : 0, actual.utf8Length(), where + " utf8Length");
        assertEquals(expected.isTextual() ? expected.textValue() : "", inPieces(actual, where), where + " textInPieces");
        if (expected.isObject()) {
            expected.properties().forEach(field -> compareUndecoded(field.getValue(), actual.get(field.getKey()), where + "." + field.getKey()));
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                compareUndecoded(expected.get(i), actual.get(i), where + "[" + i + "]");
            }
        }
    }

    /** A string's pieces joined, each checked: not empty, not the second half of a pair. */
    private static String inPieces(JsonValue value, String where) {
        StringBuilder text = new StringBuilder();
        value.textInPieces(piece -> {
            assertFalse(piece.isEmpty(), where + " empty piece");
            assertFalse(!text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))
                    && Character.isLowSurrogate(piece.charAt(0)), where + " piece splits a pair at " + text.length());
            text.append(piece);
            return true;
        });
        return text.toString();
    }

    /** An array of strings of some 20,000 chars whose tail starts just before a piece would end. */
    private static String longString(String tail) {
        String head = "a".repeat(JsonString.PIECE - 1);
        return "[\"" + head + tail + head + tail + "\", \"" + tail + "\"]";
    }

    /** An object of that many fields, among which that many distinct names: the rest repeat earlier ones. */
    private static String bigObject(int fields, int distinct) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < fields; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i % distinct).append("\":").append(i);
        }
        return json.append('}').toString();
    }

    private static String abbreviated(String document) {
        return document.length() > 60 ? document.substring(0, 60) + "... (" + document.length() + " chars)" : document;
    }
}
