package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** JSON {@code null}. */
final class JsonNull extends JsonValue {

    static final JsonNull INSTANCE = new JsonNull();

    private JsonNull() {
    }

    @Override
    public Type type() {
        return Type.NULL;
    }

    @Override
    public String asText() {
        return "null";
    }

    @Override
    public String asText(String fallback) {
        return fallback;
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeNull();
    }
}
