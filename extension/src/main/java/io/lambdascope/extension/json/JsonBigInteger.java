package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigInteger;

/** A whole number beyond a {@code long}'s range. */
final class JsonBigInteger extends JsonValue {

    private final BigInteger value;

    JsonBigInteger(BigInteger value) {
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
        return value.toString();
    }

    /** Its low 64 bits, as {@link BigInteger#longValue()} and Jackson give them. */
    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public double doubleValue() {
        return value.doubleValue();
    }

    @Override
    public long asLong() {
        return value.longValue();
    }

    @Override
    public boolean asBoolean() {
        return value.signum() != 0;
    }

    @Override
    public boolean canConvertToLong() {
        return value.bitLength() < Long.SIZE;
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeNumber(value);
    }
}
