package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;

/**
 * Lenient reads of platform records: a field that is missing or of another type reads as absent
 * (null or NaN), and a number written as a string still reads as a number, so that a record Lambda
 * shapes a little differently tomorrow still converts.
 */
public final class RecordFields {

    private RecordFields() {
    }

    /** A text field, or null. */
    public static String text(JsonValue record, String field) {
        JsonValue node = record.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** A non-empty text field, or null. */
    public static String nonEmpty(JsonValue record, String field) {
        String text = text(record, field);
        return text == null || text.isEmpty() ? null : text;
    }

    /** A finite number, or NaN. */
    public static double number(JsonValue record, String field) {
        if (record == null) {
            return Double.NaN;
        }
        JsonValue node = record.get(field);
        double value;
        if (node == null) {
            return Double.NaN;
        } else if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isString()) {
            try {
                value = Double.parseDouble(node.stringValue().trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        } else {
            return Double.NaN;
        }
        return Double.isFinite(value) ? value : Double.NaN;
    }

    /** A number inside the record's {@code metrics} object, or NaN. */
    static double metric(JsonValue record, String field) {
        JsonValue metrics = record.get("metrics");
        return metrics != null && metrics.isObject() ? number(metrics, field) : Double.NaN;
    }

    /** The record's {@code tracing.value} when its type is the X-Ray header, or null. */
    static String xrayHeader(JsonValue record) {
        JsonValue tracing = record.get("tracing");
        if (tracing == null || !tracing.isObject()) {
            return null;
        }
        String type = text(tracing, "type");
        return type == null || type.equals("X-Amzn-Trace-Id") ? text(tracing, "value") : null;
    }

    /** Milliseconds as nanoseconds, rounded. */
    static long millisToNanos(double millis) {
        return Math.round(millis * 1_000_000.0);
    }
}
