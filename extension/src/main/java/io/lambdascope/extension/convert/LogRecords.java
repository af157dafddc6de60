package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.json.Utf8;
import io.lambdascope.extension.telemetry.LambdaTime;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;

import java.util.Map;

/**
 * Function and extension log lines as OTLP log records, before correlation with an invocation.
 * A line is text (a string record) or, with Lambda's JSON log format, an object with
 * {@code timestamp}, {@code level}, {@code message} and {@code requestId}; its other fields become
 * attributes.
 */
final class LogRecords {

    /** Attribute: the body was cut to the size limit. */
    static final String TRUNCATED = "lambdascope.log.truncated";
    /** Attribute: the body's UTF-8 size before it was cut. */
    static final String ORIGINAL_LENGTH = "lambdascope.log.original_length";
    /** Attribute: {@code function} or {@code extension}, the stream the line came from. */
    static final String SOURCE = "lambdascope.log.source";
    /** Attributes kept from one JSON record besides its standard fields. */
    static final int MAX_ATTRIBUTES = 64;

    private static final KeyValue FUNCTION = KeyValue.newBuilder().setKey(SOURCE)
            .setValue(AnyValue.newBuilder().setStringValue("function")).build();
    private static final KeyValue EXTENSION = KeyValue.newBuilder().setKey(SOURCE)
            .setValue(AnyValue.newBuilder().setStringValue("extension")).build();
    private static final KeyValue WAS_TRUNCATED = KeyValue.newBuilder().setKey(TRUNCATED)
            .setValue(AnyValue.newBuilder().setBoolValue(true)).build();
    private static final String[] OWN_EXPORT_PREFIXES = {"{\"resourceSpans\"", "{\"resourceMetrics\"", "{\"resourceLogs\""};

    private final long maxBytes;
    private final boolean dropOwnExportLines;
    private final JsonValues json;

    LogRecords(long maxBytes, boolean dropOwnExportLines) {
        this.maxBytes = Math.max(0, maxBytes);
        this.dropOwnExportLines = dropOwnExportLines;
        this.json = new JsonValues(this.maxBytes);
    }

    /**
     * A log line, not yet correlated.
     *
     * @param record the record, its time, severity, body and attributes set
     * @param requestId the invocation the line names itself, or null (text lines mostly)
     */
    record Line(LogRecord.Builder record, String requestId) {
    }

    /**
     * Converts one line.
     *
     * @param extension whether the line came from the extension stream rather than the function's
     * @param observedNanos the event's time: when Lambda captured the line
     * @param record the event's record
     * @return the line, or null when it is not converted: an exporter's own line, or not a log line
     */
    Line line(boolean extension, long observedNanos, JsonValue record) {
        if (record.isString()) {
            String text = record.stringValue();
            if (extension && dropOwnExportLines && ownExportLine(text)) {
                return null;
            }
            return text(extension, observedNanos, text);
        }
        if (record.isObject()) {
            if (extension && dropOwnExportLines
                    && (record.has("resourceSpans") || record.has("resourceMetrics") || record.has("resourceLogs"))) {
                return null;
            }
            return structured(extension, observedNanos, record);
        }
        return null;
    }

    private Line text(boolean extension, long observedNanos, String text) {
        TextLine line = TextLine.parse(text);
        LogRecord.Builder record = start(extension, observedNanos, line.timeNanos());
        if (line.severity() != null) {
            record.setSeverityNumber(line.severity().number()).setSeverityText(line.severity().name());
        }
        body(record, line.message());
        return new Line(record, line.requestId());
    }

    private Line structured(boolean extension, long observedNanos, JsonValue object) {
        JsonValue timestamp = object.get("timestamp");
        long time = timestamp != null && timestamp.isString() ? LambdaTime.epochNanos(timestamp.stringValue()) : LambdaTime.INVALID;
        LogRecord.Builder record = start(extension, observedNanos, time);
        JsonValue level = object.get("level");
        if (level != null && level.isString()) {
            Severity severity = Severity.named(level.stringValue());
            if (severity != null) {
                record.setSeverityNumber(severity.number());
            }
            record.setSeverityText(json.bounded(level.stringValue()));
        }
        JsonValue message = object.get("message");
        if (message != null && message.isString()) {
            body(record, message.stringValue());
        } else if (message != null && !message.isNull()) {
            AnyValue value = json.value(message);
            record.setBody(value);
            if (json.takeTruncated()) {
                record.addAttributes(WAS_TRUNCATED);
            }
        }
        JsonValue requestIdNode = object.get("requestId");
        String requestId = requestIdNode != null && requestIdNode.isString() ? requestIdNode.stringValue() : null;
        int kept = 0;
        int dropped = 0;
        for (Map.Entry<String, JsonValue> field : object.fields()) {
            String key = field.getKey();
            if (key.equals("timestamp") || key.equals("level") || key.equals("message") || key.equals("requestId")) {
                continue;
            }
            AnyValue value = json.value(field.getValue());
            if (value == null) {
                continue;
            }
            if (kept == MAX_ATTRIBUTES) {
                dropped++;
                continue;
            }
            kept++;
            record.addAttributes(KeyValue.newBuilder().setKey(key).setValue(value));
        }
        if (json.takeTruncated() && !hasTruncatedMark(record)) {
            record.addAttributes(WAS_TRUNCATED);
        }
        record.setDroppedAttributesCount(dropped);
        return new Line(record, requestId);
    }

    private LogRecord.Builder start(boolean extension, long observedNanos, long ownTimeNanos) {
        LogRecord.Builder record = LogRecord.newBuilder()
                .setTimeUnixNano(ownTimeNanos != LambdaTime.INVALID && ownTimeNanos > 0 ? ownTimeNanos : Math.max(0, observedNanos))
                .setObservedTimeUnixNano(Math.max(0, observedNanos));
        return record.addAttributes(extension ? EXTENSION : FUNCTION);
    }

    /** Sets a text body, cut to the limit and marked when it is longer. */
    private void body(LogRecord.Builder record, String text) {
        if (Utf8.surelyFits(text, maxBytes)) {
            record.setBody(AnyValue.newBuilder().setStringValue(text));
            return;
        }
        long length = Utf8.length(text);
        if (length <= maxBytes) {
            record.setBody(AnyValue.newBuilder().setStringValue(text));
            return;
        }
        record.setBody(AnyValue.newBuilder().setStringValue(Utf8.prefix(text, maxBytes)))
                .addAttributes(WAS_TRUNCATED)
                .addAttributes(KeyValue.newBuilder().setKey(ORIGINAL_LENGTH).setValue(AnyValue.newBuilder().setIntValue(length)));
    }

    private static boolean hasTruncatedMark(LogRecord.Builder record) {
        for (int i = 0; i < record.getAttributesCount(); i++) {
            if (record.getAttributes(i).getKey().equals(TRUNCATED)) {
                return true;
            }
        }
        return false;
    }

    /** The stdout exporter writes OTLP JSON lines to the extension's log; reading them back would loop. */
    private static boolean ownExportLine(String text) {
        int at = 0;
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
        for (String prefix : OWN_EXPORT_PREFIXES) {
            if (text.startsWith(prefix, at)) {
                return true;
            }
        }
        return false;
    }
}
