package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.NumberInput;

import java.io.IOException;

/** A JSON string. */
final class JsonString extends JsonValue {

    private final String text;

    JsonString(String text) {
        this.text = text;
    }

    @Override
    public Type type() {
        return Type.STRING;
    }

    @Override
    public String stringValue() {
        return text;
    }

    @Override
    public String asText() {
        return text;
    }

    /** As Jackson's {@code TextNode}: a whole number, or a decimal one cut, with blanks around it; else 0. */
    @Override
    public long asLong() {
        return NumberInput.parseAsLong(text, 0);
    }

    @Override
    public boolean asBoolean() {
        return "true".equals(text.trim());
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeString(text);
    }
}
