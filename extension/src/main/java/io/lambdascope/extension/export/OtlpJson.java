package io.lambdascope.extension.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The OTLP/JSON encoding of OTLP export requests, as the specification's "JSON Protobuf Encoding"
 * section has it: the protobuf JSON mapping with lowerCamelCase field names, trace and span ids in
 * hex rather than base64, enums as integers, 64-bit integers as decimal strings, other bytes as
 * base64, and fields at their default value left out.
 *
 * <p>Written message by message with the generated accessors, rather than generically over the
 * protobuf descriptors: building the OTLP descriptors costs most of 100 ms on a cold JVM, and the
 * first export of a cold start is where that would be paid. A test sets every field of every OTLP
 * message and reads the JSON back, so that a field this encoder misses, now or after an upgrade of
 * the protocol, fails the build.
 *
 * <p>Thread-safe: it keeps no state.
 */
public final class OtlpJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private OtlpJson() {
    }

    /**
     * Encodes a message as one line of OTLP/JSON, without a line break.
     *
     * @param message an {@code Export*ServiceRequest}, or one {@code Span}, {@code Metric} or {@code LogRecord}
     * @return UTF-8 JSON
     * @throws IllegalArgumentException for any other message
     */
    public static byte[] encode(Message message) {
        // JSON of telemetry runs to about twice its protobuf size: hex ids, quoted numbers, field names.
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.getSerializedSize() * 2));
        write(message, out);
        return out.toByteArray();
    }

    /**
     * Writes a message as OTLP/JSON to a stream, without a line break.
     *
     * @param message an {@code Export*ServiceRequest}, or one {@code Span}, {@code Metric} or {@code LogRecord}
     * @param out where the UTF-8 JSON goes; it is flushed, not closed
     * @throws IllegalArgumentException for any other message
     * @throws UncheckedIOException when the stream fails
     */
    public static void write(Message message, OutputStream out) {
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            OtlpJsonWriter writer = new OtlpJsonWriter(json);
            writer.startObject();
            // Not a switch on type: that spins a class at run time, which the AOT cache does not hold.
            if (message instanceof ExportTraceServiceRequest request) {
                OtlpJsonTraces.request(writer, request);
            } else if (message instanceof ExportMetricsServiceRequest request) {
                OtlpJsonMetrics.request(writer, request);
            } else if (message instanceof ExportLogsServiceRequest request) {
                OtlpJsonLogs.request(writer, request);
            } else if (message instanceof Span span) {
                OtlpJsonTraces.span(writer, span);
            } else if (message instanceof Metric metric) {
                OtlpJsonMetrics.metric(writer, metric);
            } else if (message instanceof LogRecord record) {
                OtlpJsonLogs.logRecord(writer, record);
            } else {
                throw new IllegalArgumentException("not an OTLP message with a JSON encoding here: " + message.getClass().getName());
            }
            writer.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
