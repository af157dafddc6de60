package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/** A JSON array: its elements in one array of exactly their number. */
final class JsonArray extends JsonValue {

    static final JsonArray EMPTY = new JsonArray(new JsonValue[0]);

    private final JsonValue[] elements;

    /** @param elements the elements, owned by the array from now on */
    private JsonArray(JsonValue[] elements) {
        this.elements = elements;
    }

    /** @param elements the elements, owned by the array from now on */
    static JsonArray of(JsonValue[] elements) {
        return elements.length == 0 ? EMPTY : new JsonArray(elements);
    }

    @Override
    public Type type() {
        return Type.ARRAY;
    }

    @Override
    public JsonValue get(int index) {
        return index >= 0 && index < elements.length ? elements[index] : null;
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    public Iterator<JsonValue> iterator() {
        // Arrays.asList's iterator cannot remove, so the array stays as it is.
        return Arrays.asList(elements).iterator();
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeStartArray(this, elements.length);
        for (JsonValue element : elements) {
            element.write(json);
        }
        json.writeEndArray();
    }
}
