package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * A number with a fraction or an exponent, as a {@code double}. One too large for it is infinite,
 * which Jackson writes as the string {@code "Infinity"}.
 */
final class JsonDouble extends JsonValue {

    private final double value;

    JsonDouble(double value) {
        this.value = value;
    }

    @Override
    public Type type() {
        return Type.NUMBER;
    }

    @Override
    public String asText() {
        return Double.toString(value);
    }

    /** Cut towards zero and capped at a {@code long}'s range, as Java's cast does. */
    @Override
    public long longValue() {
        return (long) value;
    }

    @Override
    public double doubleValue() {
        return value;
    }

    @Override
    public long asLong() {
        return (long) value;
    }

    // asBoolean() stays false: Jackson's DoubleNode does not read a fraction as a boolean.

    @Override
    public boolean canConvertToLong() {
        return value >= Long.MIN_VALUE && value <= Long.MAX_VALUE;
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeNumber(value);
    }
}
