package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/** A whole number that fits a {@code long}: Jackson's {@code IntNode} and {@code LongNode} in one. */
final class JsonInteger extends JsonValue {

    private final long value;

    JsonInteger(long value) {
        this.value = value;
    }

    @Override
    public Type type() {
        return Type.NUMBER;
    }

    @Override
    public boolean isIntegralNumber() {
        return true;
    }

    @Override
    public String asText() {
        return Long.toString(value);
    }

    @Override
    public long longValue() {
        return value;
    }

    @Override
    public double doubleValue() {
        return value;
    }

    @Override
    public long asLong() {
        return value;
    }

    @Override
    public boolean asBoolean() {
        return value != 0;
    }

    @Override
    public boolean canConvertToLong() {
        return true;
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeNumber(value);
    }
}
