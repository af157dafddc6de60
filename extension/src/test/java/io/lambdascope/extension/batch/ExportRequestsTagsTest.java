package io.lambdascope.extension.batch;

import com.google.protobuf.Message;
import io.lambdascope.extension.config.Configuration;
import io.lambdascope.extension.convert.Resources;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.lifecycle.Registration;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The function's tags on the resources of export requests, and who wins when a key is set twice. */
class ExportRequestsTagsTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("AWS_REGION", "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME", "orders",
            "OTEL_RESOURCE_ATTRIBUTES", "team=from-otel,deployment.environment=prod");
    private static final Registration REGISTRATION = new Registration("id", "orders", "$LATEST", "handler", Optional.of("123456789012"));
    private static final Map<String, String> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put("team", "from-tags");
        TAGS.put("cloud.region", "us-east-1");
        TAGS.put("aws:cloudformation:stack-name", "shop");
        TAGS.put("cost-center", "42");
    }

    private static ExportRequests requests(Optional<Pattern> redacted) {
        Configuration config = Configuration.from(ENVIRONMENT);
        return ExportRequests.of(Resources.resource(config.general(), ENVIRONMENT, REGISTRATION, "1.2.3"), "1.2.3", redacted);
    }

    @Test
    void tagsJoinTheFunctionsResourceWhereTheExtensionAndOtelResourceAttributesHaveNotSetTheKey() {
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) requests(Optional.empty())
                .request(Signal.TRACES, List.of(Span.getDefaultInstance()), TAGS);
        Map<String, String> attributes = strings(request.getResourceSpans(0).getResource());
        assertEquals("from-otel", attributes.get("team"), "OTEL_RESOURCE_ATTRIBUTES wins");
        assertEquals("eu-west-1", attributes.get("cloud.region"), "the extension's own attributes win");
        assertEquals("shop", attributes.get("aws:cloudformation:stack-name"), "AWS's own tags are kept, under their key");
        assertEquals("42", attributes.get("cost-center"));
        assertEquals("prod", attributes.get("deployment.environment"));
    }

    @Test
    void tagsJoinEveryResourceOfEverySignalAndWhatTheFunctionsSdkSetWins() {
        ExportRequests requests = requests(Optional.empty());
        Resource sdk = Resource.newBuilder().addAttributes(string("team", "from-sdk")).addAttributes(string("service.name", "checkout")).build();
        ExportTraceServiceRequest traces = (ExportTraceServiceRequest) requests.request(Signal.TRACES,
                List.of(Span.getDefaultInstance(), ResourceSpans.newBuilder().setResource(sdk).build()), TAGS);
        assertEquals(2, traces.getResourceSpansCount());
        Map<String, String> received = strings(traces.getResourceSpans(1).getResource());
        assertEquals("from-sdk", received.get("team"));
        assertEquals("42", received.get("cost-center"));
        assertEquals("shop", received.get("aws:cloudformation:stack-name"));

        ExportMetricsServiceRequest metrics = (ExportMetricsServiceRequest) requests.request(Signal.METRICS, List.of(Metric.getDefaultInstance()), TAGS);
        assertEquals("42", strings(metrics.getResourceMetrics(0).getResource()).get("cost-center"));
        ExportLogsServiceRequest logs = (ExportLogsServiceRequest) requests.request(Signal.LOGS, List.of(LogRecord.getDefaultInstance()), TAGS);
        assertEquals("42", strings(logs.getResourceLogs(0).getResource()).get("cost-center"));
    }

    @Test
    void redactedKeysDropTagsToo() {
        Message request = requests(Optional.of(Pattern.compile("cost-.*"))).request(Signal.TRACES, List.of(Span.getDefaultInstance()), TAGS);
        assertFalse(strings(((ExportTraceServiceRequest) request).getResourceSpans(0).getResource()).containsKey("cost-center"));
    }

    @Test
    void withoutTagsTheResourceIsUntouched() {
        Resource resource = requests(Optional.empty()).resource();
        assertSame(resource, ExportRequests.tagged(resource, Map.of()));
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static Map<String, String> strings(Resource resource) {
        Map<String, String> strings = new LinkedHashMap<>();
        for (KeyValue attribute : resource.getAttributesList()) {
            // A key twice would be a broken resource: the map would hide it, so count first.
            assertFalse(strings.containsKey(attribute.getKey()), "twice: " + attribute.getKey());
            strings.put(attribute.getKey(), attribute.getValue().getStringValue());
        }
        return strings;
    }
}
