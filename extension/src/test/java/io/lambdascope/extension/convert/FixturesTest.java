package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.lambdascope.extension.convert.Conversion.attributes;
import static io.lambdascope.extension.convert.Conversion.nanos;
import static io.lambdascope.extension.convert.XrayHeaderTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every Telemetry API payload of the fixture corpus, converted, with what each must produce. A
 * fixture without an expectation here fails, so a new payload cannot go unchecked.
 */
class FixturesTest {

    private static final String INCOMPLETE = "lambdascope.span.incomplete";
    private static final String REASON = "lambdascope.span.incomplete_reason";

    /** The conversion of one fixture, after closeOpen, and its metrics. */
    record Result(List<Span> spans, List<LogRecord> logs, Map<String, Metric> metrics) {

        Span span(String name) {
            return Conversion.only(spans, s -> s.getName().equals(name), "span " + name);
        }

        Span server() {
            return Conversion.only(spans, s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER, "invocation span");
        }
    }

    private static final Map<String, Consumer<Result>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("telemetry-batch-initreport-realistic.json", r -> {
            long end = nanos("2024-05-15T23:58:26.858Z");
            assertSpan(r.span("init"), Span.SpanKind.SPAN_KIND_INTERNAL, end - 1_819_081_000L, end,
                    attrs("aws.lambda.init.type", "on-demand", "aws.lambda.init.phase", "init", "aws.lambda.status", "success"));
            assertEquals(1, r.spans().size());
            assertNothingLogged(r);
            assertMetrics(r, "faas.init_duration");
            assertHistogram(r, "faas.init_duration", 1.819081, attrs("aws.lambda.init.type", "on-demand"));
        });
        EXPECTED.put("telemetry-batch-initstart-extension-logs.json", r -> {
            long start = nanos("2022-09-13T15:42:46.607Z");
            Span init = r.span("init");
            assertSpan(init, Span.SpanKind.SPAN_KIND_INTERNAL, start, start,
                    attrs("aws.lambda.init.type", "on-demand", INCOMPLETE, true, REASON, "shutdown"));
            assertEquals(List.of("python_example_telemetry_api_extension  launching extension",
                    "Starting the Telemetry API Extension",
                    "Extension Main: Registring the extension using extension name: python_example_telemetry_api_extension",
                    "[extension_api_client.register_extension] Registering Extension using http://127.0.0.1:9001/2020-01-01/extension",
                    "[extension_api_client.register_extension] Registration success with extensionId d99e7a61-47be-4456-84d1-d85f29a7a2e3",
                    "Extension Main: Starting the http listener which will receive data from Telemetry API",
                    "[telemetery_http_listener.start_http_listener] Starting http listener on sandbox.localdomain:4243",
                    "[telemetery_http_listener.start_http_listener] Started http listener",
                    "Extension Main: Subscribing the listener to TelemetryAPI"),
                    r.logs().stream().map(l -> l.getBody().getStringValue()).toList());
            for (LogRecord log : r.logs()) {
                assertEquals(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED, log.getSeverityNumber());
                assertEquals(init.getTraceId(), log.getTraceId(), "lines during init belong to the init span");
                assertEquals(init.getSpanId(), log.getSpanId());
                assertEquals(attrs("lambdascope.log.source", "extension"), attributes(log.getAttributesList()));
                assertEquals(log.getObservedTimeUnixNano(), log.getTimeUnixNano());
            }
            assertEquals(nanos("2022-09-13T15:42:46.664Z"), r.logs().getFirst().getTimeUnixNano());
            assertMetrics(r, "lambdascope.spans.incomplete");
        });
        EXPECTED.put("telemetry-batch-initstart-nodejs20.json", r -> {
            long start = nanos("2024-04-25T17:35:59.944Z");
            assertSpan(r.span("init"), Span.SpanKind.SPAN_KIND_INTERNAL, start, start, attrs("aws.lambda.init.type", "on-demand",
                    "aws.lambda.init.phase", "init", "aws.lambda.runtime.version", "nodejs:20.v22",
                    "aws.lambda.runtime.version_arn", "arn:aws:lambda:us-east-1::runtime:da57c20c4b965d5b75540f6865a35fc8030358e33ec44ecfed33e90901a27a72",
                    "faas.name", "hello-world", "faas.version", "$LATEST", INCOMPLETE, true, REASON, "shutdown"));
            assertNothingLogged(r);
            assertMetrics(r, "lambdascope.spans.incomplete");
        });
        EXPECTED.put("telemetry-batch-initstart-realistic.json", r -> {
            long start = nanos("2024-05-15T18:10:29.635Z");
            assertSpan(r.span("init"), Span.SpanKind.SPAN_KIND_INTERNAL, start, start, attrs("aws.lambda.init.type", "on-demand",
                    "aws.lambda.init.phase", "init", "aws.lambda.runtime.version", "nodejs:20.v22",
                    "aws.lambda.runtime.version_arn", "arn:aws:lambda:us-east-1::runtime:da57c20c4b965d5b75540f6865a35fc8030358e33ec44ecfed33e90901a27a72",
                    "faas.name", "opentelemetry-lambda-nodejs-experimental-arm64", "faas.version", "$LATEST",
                    INCOMPLETE, true, REASON, "shutdown"));
            assertNothingLogged(r);
        });
        EXPECTED.put("telemetry-batch-initstart-start.json", r -> {
            long start = nanos("2022-10-21T14:05:03.165Z");
            Span init = r.span("init");
            Span invocation = r.server();
            assertSpan(invocation, Span.SpanKind.SPAN_KIND_SERVER, start, start, attrs("faas.invocation_id", "459921b5-681c-4a96-beb0-81e0aa586026",
                    "faas.coldstart", true, "faas.version", "$LATEST", INCOMPLETE, true, REASON, "shutdown"));
            assertXray(invocation, "6352a70e1e2c502e358361800241fd45", "35465b3a9e2f7c6a");
            assertEquals(init.getSpanId(), invocation.getLinks(0).getSpanId(), "the cold start links to init");
            long initStart = nanos("2022-10-21T14:05:03.000Z");
            assertSpan(init, Span.SpanKind.SPAN_KIND_INTERNAL, initStart, initStart,
                    attrs("aws.lambda.init.type", "on-demand", "aws.lambda.init.phase", "init", INCOMPLETE, true, REASON, "shutdown"));
            assertMetrics(r, "faas.coldstarts", "lambdascope.spans.incomplete");
            assertSum(r, "faas.coldstarts", 1, Map.of());
            assertSum(r, "lambdascope.spans.incomplete", 2, attrs("reason", "shutdown"));
        });
        EXPECTED.put("telemetry-batch-report-initduration.json", r -> {
            long end = nanos("2024-05-15T23:58:39.317Z");
            assertSpan(r.server(), Span.SpanKind.SPAN_KIND_SERVER, end - 12_455_155_000L, end, attrs(
                    "faas.invocation_id", "882e9658-570e-4b2f-aaa8-5dfb88f7eccb", "faas.coldstart", true, "aws.lambda.status", "success",
                    "aws.lambda.billed_duration_ms", 12456.0, "aws.lambda.memory_size_mb", 128L, "aws.lambda.max_memory_used_mb", 128L,
                    "aws.lambda.init_duration_ms", 1819.881));
            assertTrue(r.server().getParentSpanId().isEmpty());
            assertMetrics(r, "faas.invoke_duration", "aws.lambda.billed_duration", "faas.mem_usage", "faas.invocations", "faas.coldstarts");
            assertHistogram(r, "faas.invoke_duration", 12.455155, Map.of());
            assertHistogram(r, "aws.lambda.billed_duration", 12.456, Map.of());
            assertHistogram(r, "faas.mem_usage", 128.0 * 1024 * 1024, Map.of());
            assertSum(r, "faas.invocations", 1, Map.of());
        });
        EXPECTED.put("telemetry-batch-runtimedone-runtimeoverhead.json", r -> {
            long done = nanos("2024-05-15T23:58:35.063Z");
            Span invocation = r.server();
            assertSpan(invocation, Span.SpanKind.SPAN_KIND_SERVER, done - 8_202_659_000L, done, attrs(
                    "faas.invocation_id", "882e9658-570e-4b2f-aaa8-5dfb88f7eccb", "faas.coldstart", true, "aws.lambda.status", "success",
                    "aws.lambda.runtime_duration_ms", 8202.659, "aws.lambda.produced_bytes", 50L, INCOMPLETE, true, REASON, "shutdown"));
            assertEquals(done, invocation.getEvents(0).getTimeUnixNano());
            assertChild(r.span("responseLatency"), invocation, nanos("2024-05-15T23:58:26.860Z"), 8_200_680_000L);
            assertChild(r.span("responseDuration"), invocation, nanos("2024-05-15T23:58:35.061Z"), 226_000L);
            assertChild(r.span("runtimeOverhead"), invocation, nanos("2024-05-15T23:58:35.061Z"), 1_502_000L);
            assertEquals(4, r.spans().size());
            assertMetrics(r, "faas.coldstarts", "lambdascope.spans.incomplete");
        });
        EXPECTED.put("telemetry-batch-telemetrysubscription-platform-only.json", FixturesTest::assertNothing);
        EXPECTED.put("telemetry-extension-json-log-format.json", r -> assertJsonLine(r, "extension", "Hello world, I am an extension!"));
        EXPECTED.put("telemetry-function-json-log-format.json", r -> assertJsonLine(r, "function", "Hello world, I am a function!"));
        EXPECTED.put("telemetry-extension-text.json", r -> assertTextLine(r, "extension", "2022-10-12T00:03:50.000Z",
                "[INFO] Hello world, I am an extension!", SeverityNumber.SEVERITY_NUMBER_INFO, "INFO"));
        EXPECTED.put("telemetry-function-text.json", r -> assertTextLine(r, "function", "2022-10-12T00:03:50.000Z",
                "[INFO] Hello world, I am a function!", SeverityNumber.SEVERITY_NUMBER_INFO, "INFO"));
        EXPECTED.put("telemetry-function-text-datadog.json", r -> assertTextLine(r, "function", "2024-04-24T12:34:56.789Z",
                "datadog <3 serverless", SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED, ""));
        EXPECTED.put("telemetry-platform-extension-ready.json", FixturesTest::assertNothing);
        EXPECTED.put("telemetry-platform-extension.json", FixturesTest::assertNothing);
        EXPECTED.put("telemetry-platform-telemetrysubscription.json", FixturesTest::assertNothing);
        EXPECTED.put("telemetry-platform-initreport.json", r -> {
            long end = nanos("2022-10-12T00:01:15.000Z");
            Span init = r.span("init");
            assertSpan(init, Span.SpanKind.SPAN_KIND_INTERNAL, end - 125_330_000L, end,
                    attrs("aws.lambda.init.type", "on-demand", "aws.lambda.init.phase", "init", "aws.lambda.status", "success"));
            assertChild(r.span("someTimeSpan"), init, nanos("2022-06-02T12:02:33.913Z"), 90_100_000L);
            assertMetrics(r, "faas.init_duration");
            assertHistogram(r, "faas.init_duration", 0.12533, attrs("aws.lambda.init.type", "on-demand"));
        });
        EXPECTED.put("telemetry-platform-initruntimedone.json", r -> {
            long time = nanos("2022-10-12T00:01:15.000Z");
            Span init = r.span("init");
            assertSpan(init, Span.SpanKind.SPAN_KIND_INTERNAL, time, time,
                    attrs("aws.lambda.init.type", "on-demand", "aws.lambda.status", "success", INCOMPLETE, true, REASON, "shutdown"));
            assertEquals("platform.initRuntimeDone", init.getEvents(0).getName());
            assertEquals(attrs("aws.lambda.status", "success"), attributes(init.getEvents(0).getAttributesList()));
            assertChild(r.span("someTimeSpan"), init, nanos("2022-06-02T12:02:33.913Z"), 70_500_000L);
            assertMetrics(r, "lambdascope.spans.incomplete");
        });
        EXPECTED.put("telemetry-platform-initstart-minimal.json", r -> {
            long start = nanos("2022-10-19T13:52:15.636Z");
            assertSpan(r.span("init"), Span.SpanKind.SPAN_KIND_INTERNAL, start, start,
                    attrs("aws.lambda.init.type", "on-demand", "aws.lambda.init.phase", "init", INCOMPLETE, true, REASON, "shutdown"));
        });
        EXPECTED.put("telemetry-platform-initstart.json", r -> {
            long start = nanos("2022-10-12T00:00:15.064Z");
            assertSpan(r.span("init"), Span.SpanKind.SPAN_KIND_INTERNAL, start, start, attrs("aws.lambda.init.type", "on-demand",
                    "aws.lambda.init.phase", "init", "aws.lambda.runtime.version", "nodejs-14.v3", "aws.lambda.runtime.version_arn", "arn",
                    "faas.name", "myFunction", "faas.version", "$LATEST", "aws.lambda.instance_max_memory_mb", 256L,
                    INCOMPLETE, true, REASON, "shutdown"));
        });
        EXPECTED.put("telemetry-platform-logsdropped.json", r -> {
            assertEquals(List.of(), r.spans());
            assertNothingLogged(r);
            assertMetrics(r, "lambdascope.items.dropped");
            assertSum(r, "lambdascope.items.dropped", 123, attrs("reason", "lambda_logs_dropped"));
        });
        EXPECTED.put("telemetry-platform-report-xray-initduration.json", r -> {
            long end = nanos("2022-10-21T14:05:05.766Z");
            assertSpan(r.server(), Span.SpanKind.SPAN_KIND_SERVER, end - 2_599_400_000L, end, attrs(
                    "faas.invocation_id", "459921b5-681c-4a96-beb0-81e0aa586026", "faas.coldstart", true, "aws.lambda.status", "success",
                    "aws.lambda.billed_duration_ms", 2600.0, "aws.lambda.memory_size_mb", 128L, "aws.lambda.max_memory_used_mb", 94L,
                    "aws.lambda.init_duration_ms", 549.04));
            assertXray(r.server(), "6352a70e1e2c502e358361800241fd45", "35465b3a9e2f7c6a");
            assertHistogram(r, "faas.invoke_duration", 2.5994, Map.of());
            assertHistogram(r, "aws.lambda.billed_duration", 2.6, Map.of());
            assertHistogram(r, "faas.mem_usage", 94.0 * 1024 * 1024, Map.of());
            assertMetrics(r, "faas.invoke_duration", "aws.lambda.billed_duration", "faas.mem_usage", "faas.invocations", "faas.coldstarts");
        });
        EXPECTED.put("telemetry-platform-report.json", r -> {
            long end = nanos("2022-10-12T00:01:15.000Z");
            assertSpan(r.server(), Span.SpanKind.SPAN_KIND_SERVER, end - 693_920_000L, end, attrs(
                    "faas.invocation_id", "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa", "faas.coldstart", true,
                    "aws.lambda.billed_duration_ms", 694.0, "aws.lambda.memory_size_mb", 128L, "aws.lambda.max_memory_used_mb", 84L,
                    "aws.lambda.init_duration_ms", 397.68));
            assertEquals(Status.getDefaultInstance(), r.server().getStatus(), "a report without a status is no error");
            assertSum(r, "faas.invocations", 1, Map.of());
        });
        EXPECTED.put("telemetry-platform-restorereport-failure.json", r -> {
            long time = nanos("2022-10-19T13:52:16.136Z");
            Span restore = r.span("restore");
            assertSpan(restore, Span.SpanKind.SPAN_KIND_INTERNAL, time, time,
                    attrs("aws.lambda.status", "failure", "error.type", "RestoreError"));
            assertError(restore, "failure: RestoreError");
            assertMetrics(r);
        });
        EXPECTED.put("telemetry-platform-restorereport.json", r -> {
            long end = nanos("2022-10-12T00:00:15.064Z");
            Span restore = r.span("restore");
            assertSpan(restore, Span.SpanKind.SPAN_KIND_INTERNAL, end - 15_190_000L, end, attrs("aws.lambda.status", "success"));
            assertChild(r.span("someTimeSpan"), restore, nanos("2022-08-02T12:01:23.521Z"), 30_000_000L);
            assertMetrics(r, "aws.lambda.restore_duration");
            assertHistogram(r, "aws.lambda.restore_duration", 0.01519, Map.of());
        });
        EXPECTED.put("telemetry-platform-restoreruntimedone.json", r -> {
            long time = nanos("2022-10-12T00:00:15.064Z");
            Span restore = r.span("restore");
            assertSpan(restore, Span.SpanKind.SPAN_KIND_INTERNAL, time, time,
                    attrs("aws.lambda.status", "success", INCOMPLETE, true, REASON, "shutdown"));
            assertEquals("platform.restoreRuntimeDone", restore.getEvents(0).getName());
            assertChild(r.span("someTimeSpan"), restore, nanos("2022-08-02T12:01:23.521Z"), 80_000_000L);
        });
        EXPECTED.put("telemetry-platform-restorestart.json", r -> {
            long start = nanos("2022-10-12T00:00:15.064Z");
            assertSpan(r.span("restore"), Span.SpanKind.SPAN_KIND_INTERNAL, start, start, attrs("aws.lambda.runtime.version", "nodejs-14.v3",
                    "aws.lambda.runtime.version_arn", "arn", "faas.name", "myFunction", "faas.version", "$LATEST",
                    "aws.lambda.instance_max_memory_mb", 256L, INCOMPLETE, true, REASON, "shutdown"));
        });
        EXPECTED.put("telemetry-platform-runtimedone-xray-spans.json", r -> {
            long done = nanos("2022-10-21T14:05:05.764Z");
            Span invocation = r.server();
            assertSpan(invocation, Span.SpanKind.SPAN_KIND_SERVER, done - 2_599_000_000L, done, attrs(
                    "faas.invocation_id", "459921b5-681c-4a96-beb0-81e0aa586026", "faas.coldstart", true, "aws.lambda.status", "success",
                    "aws.lambda.runtime_duration_ms", 2599.0, "aws.lambda.produced_bytes", 8L, INCOMPLETE, true, REASON, "shutdown"));
            assertXray(invocation, "6352a70e1e2c502e358361800241fd45", "35465b3a9e2f7c6a");
            assertChild(r.span("responseLatency"), invocation, nanos("2022-10-21T14:05:03.165Z"), 2_598_000_000L);
            assertChild(r.span("responseDuration"), invocation, nanos("2022-10-21T14:05:05.763Z"), 0);
        });
        EXPECTED.put("telemetry-platform-start-xray-tracing.json", r -> {
            long start = nanos("2022-10-12T00:00:15.064Z");
            assertSpan(r.server(), Span.SpanKind.SPAN_KIND_SERVER, start, start, attrs("faas.invocation_id", "6d68ca91-49c9-448d-89b8-7ca3e6dc66aa",
                    "faas.coldstart", true, "faas.version", "$LATEST", INCOMPLETE, true, REASON, "shutdown"));
            assertXray(r.server(), "62e900b2710d76f009d6e7785905449a", "0efbd19962d95b05");
            assertMetrics(r, "faas.coldstarts", "lambdascope.spans.incomplete");
        });
        EXPECTED.put("telemetry-platform-start-xray.json", r -> {
            long start = nanos("2022-10-21T14:05:03.165Z");
            assertSpan(r.server(), Span.SpanKind.SPAN_KIND_SERVER, start, start, attrs("faas.invocation_id", "459921b5-681c-4a96-beb0-81e0aa586026",
                    "faas.coldstart", true, "faas.version", "$LATEST", INCOMPLETE, true, REASON, "shutdown"));
            assertXray(r.server(), "6352a70e1e2c502e358361800241fd45", "35465b3a9e2f7c6a");
        });
        // Bare records: converted as the event their name says, with no time (the clock's time stands in).
        EXPECTED.put("telemetry-record-initruntimedone-error.json", r -> {
            Span init = r.span("init");
            assertSpan(init, Span.SpanKind.SPAN_KIND_INTERNAL, Conversion.NOW, Conversion.NOW, attrs("aws.lambda.init.type", "snap-start",
                    "aws.lambda.init.phase", "init", "aws.lambda.status", "error", "error.type", "Runtime.ExitError",
                    INCOMPLETE, true, REASON, "shutdown"));
            assertError(init, "error: Runtime.ExitError");
            assertEquals(attrs("aws.lambda.status", "error", "error.type", "Runtime.ExitError"),
                    attributes(init.getEvents(0).getAttributesList()));
        });
        EXPECTED.put("telemetry-record-report-error-xray.json", r -> {
            Span invocation = r.server();
            assertSpan(invocation, Span.SpanKind.SPAN_KIND_SERVER, Conversion.NOW - 52_560_000L, Conversion.NOW, attrs(
                    "faas.invocation_id", "REQUEST_ID", "faas.coldstart", true, "aws.lambda.status", "error", "error.type", "Runtime.ExitError",
                    "aws.lambda.tenant_id", "blue", "aws.lambda.billed_duration_ms", 52.4, "aws.lambda.memory_size_mb", 1024L,
                    "aws.lambda.max_memory_used_mb", 512L));
            assertError(invocation, "error: Runtime.ExitError");
            assertXray(invocation, "5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8");
            assertMetrics(r, "faas.invoke_duration", "aws.lambda.billed_duration", "faas.mem_usage", "faas.coldstarts", "faas.errors");
            assertSum(r, "faas.errors", 1, attrs("error.type", "Runtime.ExitError"));
            assertHistogram(r, "faas.invoke_duration", 0.05256, Map.of());
            assertHistogram(r, "aws.lambda.billed_duration", 0.0524, Map.of());
            assertHistogram(r, "faas.mem_usage", 512.0 * 1024 * 1024, Map.of());
        });
        EXPECTED.put("telemetry-record-runtimedone-tenant-spans.json", r -> {
            Span invocation = r.server();
            assertSpan(invocation, Span.SpanKind.SPAN_KIND_SERVER, Conversion.NOW - 52_560_000L, Conversion.NOW, attrs(
                    "faas.invocation_id", "REQUEST_ID", "faas.coldstart", true, "aws.lambda.status", "success", "aws.lambda.tenant_id", "blue",
                    "aws.lambda.runtime_duration_ms", 52.56, "aws.lambda.produced_bytes", 100L, INCOMPLETE, true, REASON, "shutdown"));
            assertXray(invocation, "5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8");
            assertChild(r.span("responseLatency"), invocation, nanos("2022-04-11T15:01:28.543Z"), 23_020_000L);
            assertChild(r.span("responseDuration"), invocation, nanos("2022-04-11T15:00:00.000Z"), 20_000_000L);
        });
        EXPECTED.put("telemetry-record-runtimedone-timeout.json", r -> {
            Span invocation = r.server();
            assertSpan(invocation, Span.SpanKind.SPAN_KIND_SERVER, Conversion.NOW - 52_560_000L, Conversion.NOW, attrs(
                    "faas.invocation_id", "REQUEST_ID", "faas.coldstart", true, "aws.lambda.status", "timeout", "error.type", "timeout",
                    "aws.lambda.runtime_duration_ms", 52.56, "aws.lambda.produced_bytes", 0L, INCOMPLETE, true, REASON, "shutdown"));
            assertError(invocation, "timeout");
            assertEquals(1, r.spans().size());
        });
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureConvertsAsExpected() throws IOException {
        String root = System.getProperty("lambdascope.fixtures", "");
        Path folder = Path.of(root.isEmpty() ? "/nonexistent" : root, "telemetry");
        assumeTrue(Files.isDirectory(folder), "the fixture corpus is not at " + folder + "; skipping");
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= EXPECTED.size(), "fixtures missing from " + folder);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Consumer<Result> expected = EXPECTED.get(file.getFileName().toString());
            assertTrue(expected != null, "no expectation written for " + file.getFileName());
            expected.accept(convert(file));
        }));
    }

    static Result convert(Path file) throws IOException {
        JsonValue root = Conversion.read(file);
        String name = file.getFileName().toString();
        List<TelemetryEvent> events = name.startsWith("telemetry-record-")
                ? List.of(new TelemetryEvent("", recordType(name), root))
                : Conversion.events(root);
        Conversion conversion = new Conversion();
        conversion.converter.accept(events);
        conversion.converter.closeOpen();
        Map<String, Metric> metrics = conversion.metrics();
        assertEquals(null, metrics.get("lambdascope.telemetry.invalid_events"), name + " converts without invalid events");
        assertEquals(null, metrics.get("lambdascope.telemetry.unknown_events"), name + " has only known events");
        return new Result(List.copyOf(conversion.spans), List.copyOf(conversion.logs), metrics);
    }

    private static String recordType(String name) {
        if (name.startsWith("telemetry-record-initruntimedone")) {
            return "platform.initRuntimeDone";
        }
        if (name.startsWith("telemetry-record-report")) {
            return "platform.report";
        }
        if (name.startsWith("telemetry-record-runtimedone")) {
            return "platform.runtimeDone";
        }
        throw new AssertionError("no event type known for " + name);
    }

    static Map<String, Object> attrs(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static void assertSpan(Span span, Span.SpanKind kind, long start, long end, Map<String, Object> attributes) {
        assertEquals(kind, span.getKind());
        assertEquals(start, span.getStartTimeUnixNano(), "start of " + span.getName());
        assertEquals(end, span.getEndTimeUnixNano(), "end of " + span.getName());
        assertEquals(attributes, attributes(span.getAttributesList()), "attributes of " + span.getName());
        assertEquals(16, span.getTraceId().size());
        assertEquals(8, span.getSpanId().size());
        if (span.getKind() == Span.SpanKind.SPAN_KIND_SERVER) {
            assertEquals(Conversion.FUNCTION, span.getName());
        }
    }

    static void assertChild(Span child, Span parent, long start, long durationNanos) {
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, child.getKind());
        assertEquals(parent.getTraceId(), child.getTraceId());
        assertEquals(parent.getSpanId(), child.getParentSpanId());
        assertEquals(start, child.getStartTimeUnixNano());
        assertEquals(start + durationNanos, child.getEndTimeUnixNano());
        assertEquals(0, child.getAttributesCount());
    }

    static void assertXray(Span span, String traceId, String parent) {
        assertEquals(hex(traceId), span.getTraceId());
        assertEquals(hex(parent), span.getParentSpanId());
    }

    static void assertError(Span span, String message) {
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
        assertEquals(message, span.getStatus().getMessage());
    }

    static void assertMetrics(Result result, String... names) {
        assertEquals(Set.of(names), result.metrics().keySet());
    }

    static void assertSum(Result result, String name, long value, Map<String, Object> attributes) {
        List<NumberDataPoint> points = result.metrics().get(name).getSum().getDataPointsList();
        assertEquals(1, points.size());
        assertEquals(value, points.getFirst().getAsInt());
        assertEquals(attributes, attributes(points.getFirst().getAttributesList()));
    }

    static void assertHistogram(Result result, String name, double sum, Map<String, Object> attributes) {
        List<HistogramDataPoint> points = result.metrics().get(name).getHistogram().getDataPointsList();
        assertEquals(1, points.size());
        assertEquals(1, points.getFirst().getCount());
        assertEquals(sum, points.getFirst().getSum(), 1e-9);
        assertEquals(attributes, attributes(points.getFirst().getAttributesList()));
    }

    static void assertNothingLogged(Result result) {
        assertEquals(List.of(), result.logs());
    }

    static void assertNothing(Result result) {
        assertEquals(List.of(), result.spans());
        assertNothingLogged(result);
        assertMetrics(result);
    }

    static void assertJsonLine(Result result, String source, String message) {
        assertEquals(List.of(), result.spans());
        LogRecord log = Conversion.only(result.logs(), l -> true, "log record");
        long time = nanos("2022-10-12T00:03:50.000Z");
        assertEquals(time, log.getTimeUnixNano());
        assertEquals(time, log.getObservedTimeUnixNano());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO, log.getSeverityNumber());
        assertEquals("INFO", log.getSeverityText());
        assertEquals(message, log.getBody().getStringValue());
        assertEquals(attrs("lambdascope.log.source", source, "faas.invocation_id", "79b4f56e-95b1-4643-9700-2807f4e68189"),
                attributes(log.getAttributesList()));
        assertTrue(log.getTraceId().isEmpty(), "no invocation of that id was seen");
        assertMetrics(result);
    }

    static void assertTextLine(Result result, String source, String time, String body, SeverityNumber severity, String text) {
        assertEquals(List.of(), result.spans());
        LogRecord log = Conversion.only(result.logs(), l -> true, "log record");
        assertEquals(nanos(time), log.getTimeUnixNano());
        assertEquals(nanos(time), log.getObservedTimeUnixNano());
        assertEquals(severity, log.getSeverityNumber());
        assertEquals(text, log.getSeverityText());
        assertEquals(body, log.getBody().getStringValue());
        assertEquals(attrs("lambdascope.log.source", source), attributes(log.getAttributesList()));
        assertMetrics(result);
    }
}
