package io.lambdascope.samples.otel;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.UncheckedIOException;
import java.util.List;

/** OTLP export request messages, as the test collectors keep them, decoded into their items. */
final class OtlpMessages {

    private OtlpMessages() {
    }

    static List<Span> spans(List<byte[]> messages) {
        return messages.stream().map(OtlpMessages::traceRequest)
                .flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream())
                .toList();
    }

    static List<Metric> metrics(List<byte[]> messages) {
        return messages.stream().map(m -> parse(() -> ExportMetricsServiceRequest.parseFrom(m)))
                .flatMap(r -> r.getResourceMetricsList().stream())
                .flatMap(rm -> rm.getScopeMetricsList().stream())
                .flatMap(sm -> sm.getMetricsList().stream())
                .toList();
    }

    static List<LogRecord> logRecords(List<byte[]> messages) {
        return messages.stream().map(m -> parse(() -> ExportLogsServiceRequest.parseFrom(m)))
                .flatMap(r -> r.getResourceLogsList().stream())
                .flatMap(rl -> rl.getScopeLogsList().stream())
                .flatMap(sl -> sl.getLogRecordsList().stream())
                .toList();
    }

    static ExportTraceServiceRequest traceRequest(byte[] message) {
        return parse(() -> ExportTraceServiceRequest.parseFrom(message));
    }

    private interface Parse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parse<T> parse) {
        try {
            return parse.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }
}
