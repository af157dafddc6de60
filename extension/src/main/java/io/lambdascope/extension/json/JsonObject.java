package io.lambdascope.extension.json;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON object: its names and values in two arrays, in document order. Most objects the extension
 * reads have a few fields, which a scan finds faster than a hash and in a fraction of the memory of
 * a map; larger ones get an index by name, so that a document of many fields cannot make reading
 * it quadratic.
 */
final class JsonObject extends JsonValue {

    /** Objects of up to this many fields are scanned; larger ones are indexed. */
    static final int SCANNED = 16;

    static final JsonObject EMPTY = new JsonObject(new String[0], new JsonValue[0], null);

    private final String[] names;
    private final JsonValue[] values;
    /** Each name's position, for objects of more than {@link #SCANNED} fields; null otherwise. */
    private final Map<String, Integer> index;

    private JsonObject(String[] names, JsonValue[] values, Map<String, Integer> index) {
        this.names = names;
        this.values = values;
        this.index = index;
    }

    /**
     * An object of the fields as the document lists them. A name given twice keeps its first place
     * and takes its last value, as Jackson's default reading does.
     *
     * @param names the names, owned by the object from now on
     * @param values the values, as many, owned by the object from now on
     */
    static JsonObject of(String[] names, JsonValue[] values) {
        int size = names.length;
        if (size == 0) {
            return EMPTY;
        }
        int kept = size;
        Map<String, Integer> index = null;
        if (size <= SCANNED) {
            for (int i = 1; i < size; i++) {
                for (int first = 0; first < i; first++) {
                    if (names[first] != null && names[first].equals(names[i])) {
                        values[first] = values[i];
                        names[i] = null;
                        kept--;
                        break;
                    }
                }
            }
        } else {
            index = indexOf(names);
            for (int i = 0; i < size; i++) {
                int first = index.get(names[i]);
                if (first != i) {
                    values[first] = values[i];
                    names[i] = null;
                    kept--;
                }
            }
        }
        if (kept == size) {
            return new JsonObject(names, values, index);
        }
        // Duplicates are rare: only then are the arrays copied without their later occurrences.
        String[] keptNames = new String[kept];
        JsonValue[] keptValues = new JsonValue[kept];
        for (int i = 0, at = 0; i < size; i++) {
            if (names[i] != null) {
                keptNames[at] = names[i];
                keptValues[at++] = values[i];
            }
        }
        return new JsonObject(keptNames, keptValues, kept > SCANNED ? indexOf(keptNames) : null);
    }

    /** Each name's first position. A HashMap stays fast even for names chosen to collide. */
    private static Map<String, Integer> indexOf(String[] names) {
        Map<String, Integer> index = HashMap.newHashMap(names.length);
        for (int i = 0; i < names.length; i++) {
            index.putIfAbsent(names[i], i);
        }
        return index;
    }

    @Override
    public Type type() {
        return Type.OBJECT;
    }

    @Override
    public JsonValue get(String name) {
        if (index != null) {
            Integer at = index.get(name);
            return at == null ? null : values[at];
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public List<Map.Entry<String, JsonValue>> fields() {
        return new AbstractList<>() {
            @Override
            public Map.Entry<String, JsonValue> get(int i) {
                return Map.entry(names[i], values[i]);
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    @Override
    public List<String> fieldNames() {
        return List.of(names);
    }

    @Override
    public Iterator<JsonValue> iterator() {
        return Arrays.asList(values).iterator();
    }

    @Override
    void write(JsonGenerator json) throws IOException {
        json.writeStartObject(this, names.length);
        for (int i = 0; i < names.length; i++) {
            json.writeFieldName(names[i]);
            values[i].write(json);
        }
        json.writeEndObject();
    }
}
