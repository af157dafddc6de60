package io.lambdascope.sandbox.sink;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * Sends one request of each signal through a throwaway sink, as an extension exports by default
 * (protobuf, gzip), so that the run's sink does not decode its first requests with cold code.
 *
 * <p>A backend is somewhere else and already running; the sandbox's sink is a JVM on the same
 * cores as the function, as cold as the extension. Without this pass its first decodes (gzip,
 * the OTLP parsers, its HTTP server) ran beside the extension's first flush, ahead of it in CPU
 * priority, and the extension's first invocation waited for them.
 */
final class SinkWarmUp {

    private SinkWarmUp() {
    }

    static void run() throws IOException, InterruptedException {
        try (OtlpSink sink = OtlpSink.start();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build()) {
            for (Signal signal : Signal.values()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(sink.endpoint() + signal.path()))
                        .header("Content-Type", ExportRoute.PROTOBUF)
                        .header("Content-Encoding", "gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(request(signal).toByteArray())))
                        .build();
                HttpResponse<Void> answer = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 200) {
                    throw new IOException("the sink answered its own " + signal.path() + " request " + answer.statusCode());
                }
            }
        }
    }

    private static Message request(Signal signal) {
        Resource resource = Resource.newBuilder().addAttributes(text("service.name", "warm-up")).build();
        return switch (signal) {
            case TRACES -> ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                            .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                            .setName("warm-up").setKind(Span.SpanKind.SPAN_KIND_SERVER).addAttributes(text("faas.trigger", "http"))
                            .addEvents(Span.Event.newBuilder().setName("event").addAttributes(text("key", "value")))))).build();
            case METRICS -> ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource)
                    .addScopeMetrics(ScopeMetrics.newBuilder()
                            .addMetrics(Metric.newBuilder().setName("count").setSum(Sum.newBuilder()
                                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(1).addAttributes(text("key", "value")))))
                            .addMetrics(Metric.newBuilder().setName("duration").setHistogram(Histogram.newBuilder()
                                    .addDataPoints(HistogramDataPoint.newBuilder().setCount(1).setSum(1).addBucketCounts(1)
                                            .addExplicitBounds(10)))))).build();
            case LOGS -> ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().setResource(resource)
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                            .setBody(AnyValue.newBuilder().setStringValue("warm-up")).addAttributes(text("key", "value"))))).build();
        };
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
