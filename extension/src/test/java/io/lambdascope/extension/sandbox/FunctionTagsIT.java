package io.lambdascope.extension.sandbox;

import io.lambdascope.extension.secret.FakeAws;
import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.sink.SinkContents;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built layer with LAMBDASCOPE_TAGS=true: the function's tags, read through the layer's own
 * runtime image and aws/ jars from a stand-in Lambda with a signed ListTags, are on the resource
 * of every span, metric and log record the sink receives, from the first export on.
 */
class FunctionTagsIT {

    private static final Map<String, String> TAGS = Map.of("team", "payments", "aws:cloudformation:stack-name", "shop",
            "cloud.region", "not-this-one");

    @Test
    void theFunctionsTagsAreOnTheResourceOfEverySpanMetricAndLogRecord() throws Exception {
        List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());
        SinkContents contents;
        try (FakeAws aws = new FakeAws().tags(TAGS)) {
            Sandbox.Builder builder = SampleFunction.withLayer()
                    .region("eu-west-1").functionName("orders")
                    .env("LAMBDASCOPE_TAGS", "True")
                    .env("LAMBDASCOPE_LOG_LEVEL", "debug")
                    .env("LAMBDASCOPE_FLUSH", "end-of-invocation")
                    .timeout(Duration.ofSeconds(10)).otlpSink(true)
                    .output((source, line) -> {
                        if (!source.equals("runtime")) {
                            extensionLog.add(line);
                        }
                    });
            aws.environment().forEach((name, value) -> {
                if (!name.equals("AWS_REGION")) {
                    builder.env(name, value);
                }
            });
            try (Sandbox sandbox = builder.build()) {
                for (int i = 0; i < 3; i++) {
                    InvocationResult result = sandbox.invoke(SampleFunction.EVENT);
                    assertEquals("success", result.status(), result.bodyText());
                }
                sandbox.shutdown();
                contents = sandbox.sink().orElseThrow().contents();
            }
            // The register answer gave the account, so the ARN is known without GetFunction.
            assertEquals(List.of("lambda.ListTags arn:aws:lambda:eu-west-1:123456789012:function:orders"), aws.calls(), "read once");
            String authorization = aws.authorizations().getFirst();
            assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    && authorization.contains("/eu-west-1/lambda/aws4_request,"), authorization);
        }
        String log = String.join("\n", extensionLog);
        // How long the read took in the layer's JVM, and whether a flush had to wait for it.
        extensionLog.stream().filter(line -> line.contains("function tags read in") || line.contains("tags are still being read"))
                .forEach(System.out::println);
        assertTrue(log.contains("3 function tags read in"), log);
        assertFalse(log.contains("LAMBDASCOPE_TAGS") || log.contains("[warning][aot") || log.contains("[error]"), log);

        List<Resource> resources = new ArrayList<>();
        contents.traceRequests().forEach(request -> request.getResourceSpansList().forEach(group -> resources.add(group.getResource())));
        int spanResources = resources.size();
        contents.metricRequests().forEach(request -> request.getResourceMetricsList().forEach(group -> resources.add(group.getResource())));
        int metricResources = resources.size() - spanResources;
        contents.logRequests().forEach(request -> request.getResourceLogsList().forEach(group -> resources.add(group.getResource())));
        int logResources = resources.size() - spanResources - metricResources;
        assertTrue(spanResources > 0 && metricResources > 0 && logResources > 0,
                "spans, metrics and logs exported: " + spanResources + ", " + metricResources + ", " + logResources);
        assertFalse(contents.spans().isEmpty() || contents.metrics().isEmpty() || contents.logRecords().isEmpty());
        for (Resource resource : resources) {
            Map<String, String> attributes = resource.getAttributesList().stream()
                    .collect(Collectors.toMap(KeyValue::getKey, attribute -> attribute.getValue().getStringValue()));
            assertEquals("payments", attributes.get("team"), attributes.toString());
            assertEquals("shop", attributes.get("aws:cloudformation:stack-name"), attributes.toString());
            assertEquals("eu-west-1", attributes.get("cloud.region"), "the extension's own attribute wins: " + attributes);
        }
    }
}
