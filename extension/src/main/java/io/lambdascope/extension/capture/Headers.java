package io.lambdascope.extension.capture;

import io.lambdascope.extension.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP headers as the events and responses carry them: a {@code headers} object of single values,
 * a {@code multiValueHeaders} object of arrays, or both. Names are case-insensitive in HTTP and the
 * services pass them in any case, so they are lowercased here, once.
 */
final class Headers {

    private Headers() {
    }

    /**
     * The headers by lowercase name, in the order the event lists them. Where a name has both a
     * single and a multi value, the multi value wins, as API Gateway itself merges them.
     *
     * @param single the {@code headers} object, or null
     * @param multi the {@code multiValueHeaders} object, or null
     * @return the values of each header
     */
    static Map<String, List<String>> read(JsonValue single, JsonValue multi) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (multi != null && multi.isObject()) {
            for (Map.Entry<String, JsonValue> field : multi.fields()) {
                List<String> values = headers.computeIfAbsent(field.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>());
                JsonValue array = field.getValue();
                if (array.isArray()) {
                    array.forEach(value -> add(values, value));
                } else {
                    add(values, array);
                }
            }
        }
        if (single != null && single.isObject()) {
            for (Map.Entry<String, JsonValue> field : single.fields()) {
                String name = field.getKey().toLowerCase(Locale.ROOT);
                if (!headers.containsKey(name)) {
                    add(headers.computeIfAbsent(name, n -> new ArrayList<>()), field.getValue());
                }
            }
        }
        headers.values().removeIf(List::isEmpty);
        return headers;
    }

    /** The first value of a header, or null. */
    static String first(Map<String, List<String>> headers, String lowerName) {
        List<String> values = headers.get(lowerName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static void add(List<String> values, JsonValue value) {
        if (value != null && value.isScalar() && !value.isNull()) {
            values.add(value.asText());
        }
    }
}
