package io.lambdascope.sandbox.sink;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The three OTLP signals, each with its path, its request message and how its items are counted. */
public enum Signal {
    /** Spans, at {@code /v1/traces}. */
    TRACES("/v1/traces", ExportTraceServiceRequest.getDefaultInstance()),
    /** Metric data points of every kind, at {@code /v1/metrics}. */
    METRICS("/v1/metrics", ExportMetricsServiceRequest.getDefaultInstance()),
    /** Log records, at {@code /v1/logs}. */
    LOGS("/v1/logs", ExportLogsServiceRequest.getDefaultInstance());

    /** The service name OpenTelemetry SDKs use when none is set. */
    static final String UNKNOWN_SERVICE = "unknown_service";

    private final String path;
    private final Message prototype;

    Signal(String path, Message prototype) {
        this.path = path;
        this.prototype = prototype;
    }

    /** The OTLP/HTTP path, e.g. {@code /v1/traces}. */
    public String path() {
        return path;
    }

    /** The signal served at {@code path}, if any. */
    public static Optional<Signal> ofPath(String path) {
        for (Signal signal : values()) {
            if (signal.path.equals(path)) {
                return Optional.of(signal);
            }
        }
        return Optional.empty();
    }

    Message.Builder newBuilder() {
        return prototype.newBuilderForType();
    }

    Message parseProtobuf(byte[] bytes) throws InvalidProtocolBufferException {
        return prototype.getParserForType().parseFrom(bytes);
    }

    /** An empty Export*ServiceResponse has no fields, so its protobuf form is empty and its JSON {@code {}}. */
    static byte[] emptyResponse(boolean json) {
        return json ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : new byte[0];
    }

    /** Items per service.name in one request: spans, data points or log records. */
    Map<String, Long> itemsByService(Message request) {
        Map<String, Long> items = new LinkedHashMap<>();
        switch (request) {
            case ExportTraceServiceRequest r -> {
                for (ResourceSpans rs : r.getResourceSpansList()) {
                    long n = rs.getScopeSpansList().stream().mapToLong(s -> s.getSpansCount()).sum();
                    items.merge(serviceName(rs.getResource()), n, Long::sum);
                }
            }
            case ExportMetricsServiceRequest r -> {
                for (ResourceMetrics rm : r.getResourceMetricsList()) {
                    long n = rm.getScopeMetricsList().stream()
                            .flatMap(s -> s.getMetricsList().stream()).mapToLong(Signal::dataPoints).sum();
                    items.merge(serviceName(rm.getResource()), n, Long::sum);
                }
            }
            case ExportLogsServiceRequest r -> {
                for (ResourceLogs rl : r.getResourceLogsList()) {
                    long n = rl.getScopeLogsList().stream().mapToLong(s -> s.getLogRecordsCount()).sum();
                    items.merge(serviceName(rl.getResource()), n, Long::sum);
                }
            }
            default -> throw new IllegalArgumentException("not an OTLP export request: " + request.getClass());
        }
        return items;
    }

    static long dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    static String serviceName(Resource resource) {
        List<KeyValue> attributes = resource.getAttributesList();
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
                return kv.getValue().getStringValue();
            }
        }
        return UNKNOWN_SERVICE;
    }
}
