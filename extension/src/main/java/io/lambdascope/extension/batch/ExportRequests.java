package io.lambdascope.extension.batch;

import com.google.protobuf.Message;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.List;

/**
 * Wraps buffered items in the OTLP export request of their signal, under the function's resource
 * and the extension's instrumentation scope.
 *
 * @param resource the function's resource
 * @param scope the extension as instrumentation scope
 */
public record ExportRequests(Resource resource, InstrumentationScope scope) {

    /** The scope name every item the extension makes is reported under. */
    public static final String SCOPE_NAME = "io.lambdascope.extension";

    /**
     * Requests for the function's resource, under the extension's scope at its version.
     *
     * @param resource the function's resource
     * @param version the extension's version
     * @return the factory
     */
    public static ExportRequests of(Resource resource, String version) {
        return new ExportRequests(resource, InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(version).build());
    }

    /**
     * The request carrying the items.
     *
     * @param signal their signal
     * @param items spans, metrics or log records matching the signal
     * @return an Export*ServiceRequest
     */
    public Message request(Signal signal, List<Message> items) {
        return switch (signal) {
            case TRACES -> {
                ScopeSpans.Builder spans = ScopeSpans.newBuilder().setScope(scope);
                items.forEach(item -> spans.addSpans((Span) item));
                yield ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(spans)).build();
            }
            case METRICS -> {
                ScopeMetrics.Builder metrics = ScopeMetrics.newBuilder().setScope(scope);
                items.forEach(item -> metrics.addMetrics((Metric) item));
                yield ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(metrics)).build();
            }
            case LOGS -> {
                ScopeLogs.Builder logs = ScopeLogs.newBuilder().setScope(scope);
                items.forEach(item -> logs.addLogRecords((LogRecord) item));
                yield ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(logs)).build();
            }
        };
    }
}
