package io.lambdascope.extension.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

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
import io.opentelemetry.proto.metrics.v1.Exemplar;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AttributeRedactionTest {
    private static final Pattern USER_KEYS = Pattern.compile("enduser\\..*|user\\.email");

    private static KeyValue attribute(String key) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue("value of " + key)).build();
    }

    /** Attributes that must go, next to ones that must stay. */
    private static List<KeyValue> mixed(String where) {
        return List.of(attribute("enduser.id"), attribute(where), attribute("user.email"), attribute("user.email.domain"));
    }

    private static final Resource RESOURCE = Resource.newBuilder().addAllAttributes(mixed("service.name")).build();
    private final ExportRequests requests = ExportRequests.of(RESOURCE, "test", Optional.of(USER_KEYS));

    /** Every attribute key anywhere in the message, in order. */
    private static List<String> keys(Message message) {
        List<String> keys = new ArrayList<>();
        message.getAllFields().forEach((field, value) -> {
            if (field.getJavaType() != com.google.protobuf.Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                return;
            }
            for (Object element : field.isRepeated() ? (List<?>) value : List.of(value)) {
                if (element instanceof KeyValue attribute) {
                    keys.add(attribute.getKey());
                }
                keys.addAll(keys((Message) element));
            }
        });
        return keys;
    }

    @Test
    void dropsMatchingKeysFromTheExtensionsOwnAndReceivedSpansEverywhere() {
        Span own = Span.newBuilder().setName("invoke").addAllAttributes(mixed("faas.trigger"))
                .addEvents(Span.Event.newBuilder().setName("exception").addAllAttributes(mixed("exception.type")))
                .addLinks(Span.Link.newBuilder().addAllAttributes(mixed("messaging.system"))).build();
        ResourceSpans received = ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAllAttributes(mixed("telemetry.sdk.name")))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().addAllAttributes(mixed("scope.kind")))
                        .addSpans(Span.newBuilder().setName("GET /orders").addAllAttributes(mixed("http.route")))).build();

        ExportTraceServiceRequest request = (ExportTraceServiceRequest) requests.request(Signal.TRACES, List.of(own, received));

        assertEquals(List.of("service.name", "faas.trigger", "user.email.domain", "exception.type", "user.email.domain",
                "messaging.system", "user.email.domain", "user.email.domain", "telemetry.sdk.name", "user.email.domain",
                "scope.kind", "user.email.domain", "http.route", "user.email.domain").stream().sorted().toList(),
                keys(request).stream().sorted().toList(),
                "only whole keys that match go: user.email.domain stays");
        assertEquals("GET /orders", request.getResourceSpans(1).getScopeSpans(0).getSpans(0).getName(), "everything else is kept");
    }

    @Test
    void dropsMatchingKeysFromDataPointsAndExemplarsAndLogRecords() {
        Metric sum = Metric.newBuilder().setName("orders").setSum(Sum.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                .addAllAttributes(mixed("region")).addExemplars(Exemplar.newBuilder().addAllFilteredAttributes(mixed("sample"))))).build();
        Metric histogram = Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().addAllAttributes(mixed("route")))).build();
        ResourceMetrics received = ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(histogram)).build();
        ExportMetricsServiceRequest metrics = (ExportMetricsServiceRequest) requests.request(Signal.METRICS, List.of(sum, received));

        assertEquals(List.of("region", "route", "sample", "service.name", "user.email.domain", "user.email.domain", "user.email.domain",
                "user.email.domain"), keys(metrics).stream().sorted().toList());

        ResourceLogs function = ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                .addLogRecords(LogRecord.newBuilder().addAllAttributes(mixed("code.function")))).build();
        ExportLogsServiceRequest logs = (ExportLogsServiceRequest) requests.request(Signal.LOGS,
                List.of(LogRecord.newBuilder().addAllAttributes(mixed("log.file.name")).build(), function));

        assertEquals(List.of("code.function", "log.file.name", "service.name", "user.email.domain", "user.email.domain",
                "user.email.domain"), keys(logs).stream().sorted().toList());
    }

    @Test
    void aRequestWithNothingToDropIsTheSameInstance() {
        Message request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().addAttributes(attribute("http.route"))))).build();

        assertSame(request, AttributeRedaction.apply(request, USER_KEYS));
    }

    @Test
    void withoutAPatternNothingIsDropped() {
        Span span = Span.newBuilder().addAllAttributes(mixed("faas.trigger")).build();

        Message request = ExportRequests.of(RESOURCE, "test").request(Signal.TRACES, List.of(span));

        assertEquals(8, keys(request).size());
    }
}
