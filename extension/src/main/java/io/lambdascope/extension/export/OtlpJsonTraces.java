package io.lambdascope.extension.export;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.IOException;

/** The OTLP/JSON encoding of trace messages, field by field as {@code trace.proto} declares them. */
final class OtlpJsonTraces {

    private OtlpJsonTraces() {
    }

    static void request(OtlpJsonWriter out, ExportTraceServiceRequest request) throws IOException {
        out.objects("resourceSpans", request.getResourceSpansList(), OtlpJsonTraces::resourceSpans);
    }

    private static void resourceSpans(OtlpJsonWriter out, ResourceSpans spans) throws IOException {
        out.object("resource", spans.hasResource(), spans.getResource(), OtlpJsonWriter::resource);
        out.objects("scopeSpans", spans.getScopeSpansList(), OtlpJsonTraces::scopeSpans);
        out.string("schemaUrl", spans.getSchemaUrl());
    }

    private static void scopeSpans(OtlpJsonWriter out, ScopeSpans spans) throws IOException {
        out.object("scope", spans.hasScope(), spans.getScope(), OtlpJsonWriter::scope);
        out.objects("spans", spans.getSpansList(), OtlpJsonTraces::span);
        out.string("schemaUrl", spans.getSchemaUrl());
    }

    static void span(OtlpJsonWriter out, Span span) throws IOException {
        out.id("traceId", span.getTraceId());
        out.id("spanId", span.getSpanId());
        out.string("traceState", span.getTraceState());
        out.id("parentSpanId", span.getParentSpanId());
        out.uint32("flags", span.getFlags());
        out.string("name", span.getName());
        out.int32("kind", span.getKindValue());
        out.uint64("startTimeUnixNano", span.getStartTimeUnixNano());
        out.uint64("endTimeUnixNano", span.getEndTimeUnixNano());
        out.objects("attributes", span.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint32("droppedAttributesCount", span.getDroppedAttributesCount());
        out.objects("events", span.getEventsList(), OtlpJsonTraces::event);
        out.uint32("droppedEventsCount", span.getDroppedEventsCount());
        out.objects("links", span.getLinksList(), OtlpJsonTraces::link);
        out.uint32("droppedLinksCount", span.getDroppedLinksCount());
        out.object("status", span.hasStatus(), span.getStatus(), OtlpJsonTraces::status);
    }

    private static void event(OtlpJsonWriter out, Span.Event event) throws IOException {
        out.uint64("timeUnixNano", event.getTimeUnixNano());
        out.string("name", event.getName());
        out.objects("attributes", event.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint32("droppedAttributesCount", event.getDroppedAttributesCount());
    }

    private static void link(OtlpJsonWriter out, Span.Link link) throws IOException {
        out.id("traceId", link.getTraceId());
        out.id("spanId", link.getSpanId());
        out.string("traceState", link.getTraceState());
        out.objects("attributes", link.getAttributesList(), OtlpJsonWriter::keyValue);
        out.uint32("droppedAttributesCount", link.getDroppedAttributesCount());
        out.uint32("flags", link.getFlags());
    }

    private static void status(OtlpJsonWriter out, Status status) throws IOException {
        out.string("message", status.getMessage());
        out.int32("code", status.getCodeValue());
    }
}
