package io.lambdascope.extension.batch;

import com.google.protobuf.Message;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
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

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Wraps buffered items in the OTLP export request of their signal: the extension's own spans,
 * metrics and log records under the function's resource and the extension's instrumentation
 * scope, and what the OTLP receiver took in ({@link ResourceSpans}, {@link ResourceMetrics},
 * {@link ResourceLogs}) under the resource and scopes it came with.
 *
 * <p>With {@code LAMBDASCOPE_TAGS}, the function's tags join every resource of the request, the
 * function's and those received, under their own keys; an attribute already there keeps its value
 * (the extension's, {@code OTEL_RESOURCE_ATTRIBUTES}', or what the function's SDK set).
 *
 * <p>With {@code LAMBDASCOPE_REDACT_ATTRIBUTES}, every attribute whose key matches is dropped from
 * the request, whatever made it, tags included.
 *
 * @param resource the function's resource
 * @param scope the extension as instrumentation scope
 * @param redactedKeys the keys of the attributes to drop, when any
 */
public record ExportRequests(Resource resource, InstrumentationScope scope, Optional<Pattern> redactedKeys) {

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
        return of(resource, version, Optional.empty());
    }

    /**
     * Requests for the function's resource, under the extension's scope at its version, without
     * the attributes whose whole key matches {@code attributeKeys}.
     *
     * @param resource the function's resource
     * @param version the extension's version
     * @param attributeKeys the keys of the attributes to drop, when any
     * @return the factory
     */
    public static ExportRequests of(Resource resource, String version, Optional<Pattern> attributeKeys) {
        return new ExportRequests(resource, InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(version).build(),
                attributeKeys);
    }

    /**
     * The request carrying the items.
     *
     * @param signal their signal
     * @param items spans, metrics or log records matching the signal, or received resource groups
     * @return an Export*ServiceRequest
     */
    public Message request(Signal signal, List<Message> items) {
        return request(signal, items, Map.of());
    }

    /**
     * The request carrying the items, the function's tags on every resource.
     *
     * @param signal their signal
     * @param items spans, metrics or log records matching the signal, or received resource groups
     * @param tags the function's tags; a key a resource already has keeps its value there
     * @return an Export*ServiceRequest
     */
    public Message request(Signal signal, List<Message> items, Map<String, String> tags) {
        Message request = unredacted(signal, items, tags);
        return redactedKeys.isPresent() ? AttributeRedaction.apply(request, redactedKeys.get()) : request;
    }

    /** The resource with the tags it does not have yet, after its own attributes. */
    static Resource tagged(Resource resource, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return resource;
        }
        Set<String> keys = new HashSet<>();
        resource.getAttributesList().forEach(attribute -> keys.add(attribute.getKey()));
        Resource.Builder tagged = resource.toBuilder();
        tags.forEach((key, value) -> {
            if (keys.add(key)) {
                tagged.addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)));
            }
        });
        return tagged.build();
    }

    private Message unredacted(Signal signal, List<Message> items, Map<String, String> tags) {
        Resource resource = tagged(this.resource, tags);
        return switch (signal) {
            case TRACES -> {
                ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
                ScopeSpans.Builder own = ScopeSpans.newBuilder().setScope(scope);
                for (Message item : items) {
                    if (item instanceof ResourceSpans received) {
                        request.addResourceSpans(tags.isEmpty() ? received
                                : received.toBuilder().setResource(tagged(received.getResource(), tags)).build());
                    } else {
                        own.addSpans((Span) item);
                    }
                }
                if (own.getSpansCount() > 0) {
                    request.addResourceSpans(0, ResourceSpans.newBuilder().setResource(resource).addScopeSpans(own));
                }
                yield request.build();
            }
            case METRICS -> {
                ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
                ScopeMetrics.Builder own = ScopeMetrics.newBuilder().setScope(scope);
                for (Message item : items) {
                    if (item instanceof ResourceMetrics received) {
                        request.addResourceMetrics(tags.isEmpty() ? received
                                : received.toBuilder().setResource(tagged(received.getResource(), tags)).build());
                    } else {
                        own.addMetrics((Metric) item);
                    }
                }
                if (own.getMetricsCount() > 0) {
                    request.addResourceMetrics(0, ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(own));
                }
                yield request.build();
            }
            case LOGS -> {
                ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
                ScopeLogs.Builder own = ScopeLogs.newBuilder().setScope(scope);
                for (Message item : items) {
                    if (item instanceof ResourceLogs received) {
                        request.addResourceLogs(tags.isEmpty() ? received
                                : received.toBuilder().setResource(tagged(received.getResource(), tags)).build());
                    } else {
                        own.addLogRecords((LogRecord) item);
                    }
                }
                if (own.getLogRecordsCount() > 0) {
                    request.addResourceLogs(0, ResourceLogs.newBuilder().setResource(resource).addScopeLogs(own));
                }
                yield request.build();
            }
        };
    }
}
