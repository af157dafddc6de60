package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.json.Utf8;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;

import java.util.Map;

/**
 * JSON values of structured log records as OTLP values, within bounds: strings are cut to the log
 * size limit, and nesting past a depth or width becomes the JSON text of the rest, cut the same
 * way, so one oversized record cannot make an oversized export.
 */
final class JsonValues {

    /** Deeper values are kept as JSON text. */
    static final int MAX_DEPTH = 8;
    /** Elements of one array or object kept; the rest are left out. */
    static final int MAX_WIDTH = 128;

    private final long maxBytes;
    private boolean truncated;

    JsonValues(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether a value was cut since the last call to this method; resets. */
    boolean takeTruncated() {
        boolean was = truncated;
        truncated = false;
        return was;
    }

    /**
     * The value, or null for a JSON null or the missing value.
     *
     * @param node the JSON value
     * @return the OTLP value
     */
    AnyValue value(JsonValue node) {
        return value(node, 0);
    }

    /** A string cut to the size limit, noting when it was cut. */
    String bounded(String text) {
        if (Utf8.surelyFits(text, maxBytes) || Utf8.length(text) <= maxBytes) {
            return text;
        }
        truncated = true;
        return Utf8.prefix(text, maxBytes);
    }

    private AnyValue value(JsonValue node, int depth) {
        if (node == null || node.isNull() || node.isMissing()) {
            return null;
        }
        if (node.isString()) {
            return AnyValue.newBuilder().setStringValue(bounded(node.stringValue())).build();
        }
        if (node.isBoolean()) {
            return AnyValue.newBuilder().setBoolValue(node.booleanValue()).build();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return AnyValue.newBuilder().setIntValue(node.longValue()).build();
        }
        if (node.isNumber()) {
            return AnyValue.newBuilder().setDoubleValue(node.doubleValue()).build();
        }
        if (depth >= MAX_DEPTH) {
            return AnyValue.newBuilder().setStringValue(bounded(node.toString())).build();
        }
        if (node.isArray()) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            int kept = 0;
            for (JsonValue element : node) {
                if (kept++ == MAX_WIDTH) {
                    truncated = true;
                    break;
                }
                AnyValue value = value(element, depth + 1);
                array.addValues(value == null ? AnyValue.getDefaultInstance() : value);
            }
            return AnyValue.newBuilder().setArrayValue(array).build();
        }
        // What is left is an object: every other type of value returned above.
        KeyValueList.Builder list = KeyValueList.newBuilder();
        int kept = 0;
        for (Map.Entry<String, JsonValue> field : node.fields()) {
            if (kept++ == MAX_WIDTH) {
                truncated = true;
                break;
            }
            AnyValue value = value(field.getValue(), depth + 1);
            list.addValues(KeyValue.newBuilder().setKey(field.getKey())
                    .setValue(value == null ? AnyValue.getDefaultInstance() : value));
        }
        return AnyValue.newBuilder().setKvlistValue(list).build();
    }
}
