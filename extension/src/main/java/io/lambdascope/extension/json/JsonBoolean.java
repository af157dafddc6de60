package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** JSON {@code true} or {@code false}. */
final class JsonBoolean extends JsonValue {

    static final JsonBoolean TRUE = new JsonBoolean(true);
    static final JsonBoolean FALSE = new JsonBoolean(false);

    private final boolean value;

    private JsonBoolean(boolean value) {
        this.value = value;
    }

    @Override
    public Type type() {
        return Type.BOOLEAN;
    }

    @Override
    public String asText() {
        return value ? "true" : "false";
    }

    @Override
    public boolean booleanValue() {
        return value;
    }

    @Override
    public long asLong() {
        return value ? 1 : 0;
    }

    @Override
    public boolean asBoolean() {
        return value;
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeBoolean(value);
    }
}
