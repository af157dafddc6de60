package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The attributes of one metric series. Two instances with the same keys and values are equal
 * whatever order they were built in, so an instance is the key of its series.
 *
 * <p>Build the attribute sets an instrument records with once and keep them: recording with an
 * existing set allocates nothing.
 *
 * @param entries the attributes, sorted by key, keys unique
 */
public record Attributes(List<Entry> entries) {

    private static final Attributes EMPTY = new Attributes(List.of());

    /**
     * One attribute.
     *
     * @param key the attribute key
     * @param value a {@link String}, {@link Long}, {@link Boolean} or {@link Double}
     */
    public record Entry(String key, Object value) {

        /** Checks the key and normalises the value's type. */
        public Entry {
            Objects.requireNonNull(key, "key");
            value = normalise(value);
        }

        // Written out, as in Attributes below.
        @Override
        public boolean equals(Object other) {
            return other instanceof Entry entry && key.equals(entry.key) && value.equals(entry.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + value.hashCode();
        }
    }

    /** Sorts the entries by key and keeps the last value of a repeated key. */
    public Attributes {
        List<Entry> sorted = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            int at = find(sorted, entry.key());
            if (at >= 0) {
                sorted.set(at, entry);
            } else {
                sorted.add(-at - 1, entry);
            }
        }
        entries = List.copyOf(sorted);
    }

    /**
     * Written out rather than the record's own: those are bootstrapped through method handles at
     * their first call, which the AOT cache does not keep, and the first call is the first
     * invocation's export, counting its series.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes attributes && entries.equals(attributes.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** No attributes. */
    public static Attributes empty() {
        return EMPTY;
    }

    /**
     * One string attribute.
     *
     * @param key the key
     * @param value the value
     * @return the attributes
     */
    public static Attributes of(String key, String value) {
        return new Attributes(List.of(new Entry(key, value)));
    }

    /**
     * Two string attributes.
     *
     * @param key the first key
     * @param value the first value
     * @param key2 the second key
     * @param value2 the second value
     * @return the attributes
     */
    public static Attributes of(String key, String value, String key2, String value2) {
        return new Attributes(List.of(new Entry(key, value), new Entry(key2, value2)));
    }

    /**
     * These attributes plus one more, replacing the value of an existing key.
     *
     * @param key the key
     * @param value a {@link String}, a whole number (kept as {@code long}), a {@link Boolean} or a
     *              floating-point number (kept as {@code double})
     * @return new attributes
     */
    public Attributes with(String key, Object value) {
        List<Entry> more = new ArrayList<>(entries.size() + 1);
        more.addAll(entries);
        more.add(new Entry(key, value));
        return new Attributes(more);
    }

    /** Whether there are no attributes. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The attributes as OTLP key-values, in key order. */
    public List<KeyValue> toProto() {
        List<KeyValue> values = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            values.add(KeyValue.newBuilder().setKey(entry.key()).setValue(anyValue(entry.value())).build());
        }
        return values;
    }

    // instanceof chains rather than switches on type: each such switch spins a class at run
    // time, which the AOT cache does not hold, on the extension's start-up path.

    private static AnyValue anyValue(Object value) {
        if (value instanceof String s) {
            return AnyValue.newBuilder().setStringValue(s).build();
        }
        if (value instanceof Long l) {
            return AnyValue.newBuilder().setIntValue(l).build();
        }
        if (value instanceof Boolean b) {
            return AnyValue.newBuilder().setBoolValue(b).build();
        }
        if (value instanceof Double d) {
            return AnyValue.newBuilder().setDoubleValue(d).build();
        }
        throw new IllegalStateException("unexpected attribute value " + value.getClass());
    }

    private static Object normalise(Object value) {
        if (value == null) {
            throw new NullPointerException("attribute value");
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return (double) f;
        }
        throw new IllegalArgumentException("an attribute value is a String, whole number, boolean or double, not "
                + value.getClass().getName());
    }

    private static int find(List<Entry> sorted, String key) {
        int low = 0;
        int high = sorted.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = sorted.get(middle).key().compareTo(key);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -low - 1;
    }
}
