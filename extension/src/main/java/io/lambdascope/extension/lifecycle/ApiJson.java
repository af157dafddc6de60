package io.lambdascope.extension.lifecycle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The small JSON documents of Lambda's Extensions and Telemetry APIs, read and written with
 * Jackson's streaming parser. Register, subscribe and the first {@code event/next} are on the
 * cold start's critical path, where an {@code ObjectMapper} and its tree model cost tens of
 * milliseconds of class initialisation; every {@code event/next} after that is on the warm path.
 */
public final class ApiJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final Map<String, String> fields;

    private ApiJson(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * Reads an object's scalar fields. A nested object's scalar fields are read under
     * {@code outer.inner}; arrays are skipped.
     *
     * @param json the document; blank reads as an empty object
     * @return its fields
     * @throws IOException when it is not a JSON object
     */
    public static ApiJson read(String json) throws IOException {
        Map<String, String> fields = new HashMap<>();
        if (json.isBlank()) {
            return new ApiJson(fields);
        }
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            readObject(parser, "", fields);
            if (parser.nextToken() != null) {
                throw new IOException("content after the object");
            }
        }
        return new ApiJson(fields);
    }

    private static void readObject(JsonParser parser, String prefix, Map<String, String> fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == null) {
                throw new IOException("unexpected end of input");
            } else if (value == JsonToken.START_OBJECT) {
                readObject(parser, name + ".", fields);
            } else if (value == JsonToken.START_ARRAY) {
                parser.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                fields.put(name, parser.getText());
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("unexpected end of input");
        }
    }

    /** A field's text (a number's as written), when present, not null and not empty. */
    public Optional<String> text(String name) {
        return Optional.ofNullable(fields.get(name)).filter(s -> !s.isEmpty());
    }

    /** A field's text, or "" when absent. */
    public String textOrEmpty(String name) {
        return fields.getOrDefault(name, "");
    }

    /** A whole-number field, or the fallback when it is absent or not a whole number. */
    public long number(String name, long fallback) {
        String text = fields.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Writes a document.
     *
     * @param body writes the fields of the top-level object
     * @return the document
     */
    public static String write(Writer body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes fields with a generator. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param json the generator, inside the object
         * @throws IOException as the generator does
         */
        void write(JsonGenerator json) throws IOException;
    }
}
