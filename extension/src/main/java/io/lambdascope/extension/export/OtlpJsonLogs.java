package io.lambdascope.extension.export;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.io.IOException;

/** The OTLP/JSON encoding of log messages, field by field as {@code logs.proto} declares them. */
final class OtlpJsonLogs {

    private OtlpJsonLogs() {
    }

    static void request(OtlpJsonWriter out, ExportLogsServiceRequest request) throws IOException {
        out.objects("resourceLogs", request.getResourceLogsList(), OtlpJsonLogs::resourceLogs);
    }

    private static void resourceLogs(OtlpJsonWriter out, ResourceLogs logs) throws IOException {
        out.object("resource", logs.hasResource(), logs.getResource(), OtlpJsonWriter::resource);
        out.objects("scopeLogs", logs.getScopeLogsList(), OtlpJsonLogs::scopeLogs);
        out.string("schemaUrl", logs.getSchemaUrl());
    }

    private static void scopeLogs(OtlpJsonWriter out, ScopeLogs logs) throws IOException {
        out.object("scope", logs.hasScope(), logs.getScope(), OtlpJsonWriter::scope);
        out.objects("logRecords", logs.getLogRecordsList(), OtlpJsonLogs::logRecord);
        out.string("schemaUrl", logs.getSchemaUrl());
    }

    static void logRecord(OtlpJsonWriter out, LogRecord record) throws IOException {
        out.uint64("timeUnixNano", record.getTimeUnixNano());
        out.uint64("observedTimeUnixNano", record.getObservedTimeUnixNano());
        out.int32("severityNumber", record.getSeverityNumberValue());
        out.string("severityText", record.getSeverityText());
        out.object("body", record.hasBody(), record.getBody(), OtlpJsonWriter::anyValue);
        out.objects("attributes", record.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint32("droppedAttributesCount", record.getDroppedAttributesCount());
        out.uint32("flags", record.getFlags());
        out.id("traceId", record.getTraceId());
        out.id("spanId", record.getSpanId());
        out.string("eventName", record.getEventName());
    }
}
