package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * No value: what {@link JsonValue#path(String)} gives for an absent field, and what an empty
 * document reads as. It never appears inside a container.
 */
final class JsonMissing extends JsonValue {

    static final JsonMissing INSTANCE = new JsonMissing();

    private JsonMissing() {
    }

    @Override
    public Type type() {
        return Type.MISSING;
    }

    @Override
    public String asText(String fallback) {
        return fallback;
    }

    /** Writes null, as Jackson does for a missing node in a document it is made to write. */
    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeNull();
    }

    /** Empty, not JSON: there is no value to write. */
    @Override
    public String toString() {
        return "";
    }
}
