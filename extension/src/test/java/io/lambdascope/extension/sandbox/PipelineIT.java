package io.lambdascope.extension.sandbox;

import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.sink.Fault;
import io.lambdascope.sandbox.sink.OtlpSink;
import io.lambdascope.sandbox.sink.SinkContents;
import io.lambdascope.sandbox.telemetry.SubscriberReport;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The telemetry pipeline end to end: the built layer's extension in the sandbox beside a function
 * run by the real Lambda Java runtime interface client, exporting to the sandbox's OTLP sink.
 */
class PipelineIT {

    private static final int INVOCATIONS = 50;
    private static final int LINES = 20;
    private static final Duration BUDGET = Duration.ofMillis(50);
    /** What the machine may add to the budget: a scheduler tick or two, a thaw, a JIT pause. */
    private static final Duration SCHEDULING_MARGIN = Duration.ofMillis(40);
    /** Far above the budget, so that waiting for a backend that never answers cannot pass as noise. */
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(4);

    /** The function's code is on the runtime's class path; the folder is only LAMBDA_TASK_ROOT. */
    @TempDir
    Path taskRoot;

    private final List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());

    private Sandbox.Builder sandbox() {
        return SoakFunction.withLayer(taskRoot)
                .env("LAMBDASCOPE_OVERHEAD_BUDGET_MS", String.valueOf(BUDGET.toMillis()))
                .output((source, line) -> {
                    if (!source.equals("runtime")) {
                        extensionLog.add(line);
                    }
                })
                .timeout(Duration.ofSeconds(10)).otlpSink(true);
    }

    private static String event(String outcome, int lines) {
        return "{\"outcome\":\"" + outcome + "\",\"lines\":" + lines + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"adaptive", "end-of-invocation", "periodic", "continuous"})
    void everyLineSpanAndMetricArrivesOnceUnderEachStrategy(String strategy) throws Exception {
        SinkContents contents;
        List<InvocationResult> results = new ArrayList<>();
        try (Sandbox sandbox = sandbox().env("LAMBDASCOPE_FLUSH", strategy).env("LAMBDASCOPE_FLUSH_INTERVAL_MS", "200").build()) {
            for (int i = 0; i < INVOCATIONS; i++) {
                InvocationResult result = sandbox.invoke(event("success", LINES));
                assertEquals("success", result.status(), result.bodyText());
                results.add(result);
            }
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
        }
        String context = strategy + "; extension log:\n" + String.join("\n", extensionLog);

        List<LogRecord> lines = contents.logRecords().stream().filter(r -> r.getBody().getStringValue().startsWith("line ")).toList();
        assertEquals(INVOCATIONS * LINES, lines.size(), context);
        assertEquals(INVOCATIONS * LINES, lines.stream().map(r -> r.getBody().getStringValue()).distinct().count(), "no duplicates");

        Map<String, Span> invocations = Telemetry.invocationSpans(contents);
        assertEquals(INVOCATIONS, Telemetry.invocationSpanCount(contents), "one span per invocation, exported once; " + context);
        assertEquals(results.stream().map(InvocationResult::requestId).collect(Collectors.toSet()), invocations.keySet());
        assertEquals(1, Telemetry.initSpans(contents).size(), "one init span");
        for (LogRecord line : lines) {
            String requestId = line.getBody().getStringValue().substring(line.getBody().getStringValue().lastIndexOf(' ') + 1);
            Span span = invocations.get(requestId);
            String which = line.getBody().getStringValue() + " under " + strategy;
            assertEquals(span.getTraceId(), line.getTraceId(), which + " carries its invocation's trace id");
            assertEquals(span.getSpanId(), line.getSpanId(), which + " carries its invocation's span id");
        }
        List<Span> coldStarts = invocations.values().stream().filter(s -> Telemetry.bool(s, "faas.coldstart")).toList();
        assertEquals(1, coldStarts.size(), "one cold start");
        Span coldStart = coldStarts.getFirst();
        Span init = Telemetry.initSpans(contents).getFirst();
        double initMs = (init.getEndTimeUnixNano() - init.getStartTimeUnixNano()) / 1e6;
        double reportedMs = coldStart.getAttributesList().stream().filter(kv -> kv.getKey().equals("aws.lambda.init_duration_ms"))
                .findFirst().orElseThrow().getValue().getDoubleValue();
        assertEquals(initMs, reportedMs, 2.0, "the cold start's report gives the init phase's duration");
        // The extension's output is the function's log: the JVM must not add warnings of its own
        // there (protobuf's use of sun.misc.Unsafe, which JDK 25 warns about, for one).
        assertEquals(List.of(), extensionLog.stream().filter(line -> line.startsWith("WARNING:")).toList(), context);

        assertEquals(INVOCATIONS, Telemetry.histogramCount(contents, "faas.invoke_duration"));
        assertEquals(1, Telemetry.sum(contents, "faas.coldstarts"));
        assertEquals(0, Telemetry.sum(contents, "faas.errors"));
        assertEquals(0, Telemetry.sum(contents, "faas.timeouts"));
    }

    /**
     * Under continuous flushing Lambda buffers a second of platform events, so a function that
     * answers in milliseconds has hundreds of invocations in one Telemetry API batch, each of them
     * relayed by the proxy long before its report arrives.
     */
    @Test
    void aBatchOfHundredsOfInvocationsIsTakenWholeAndEachIsOneSpan() throws Exception {
        int invocations = 300;
        SinkContents contents;
        RunReport report;
        List<String> requestIds = new ArrayList<>();
        try (Sandbox sandbox = sandbox().env("LAMBDASCOPE_FLUSH", "continuous").build()) {
            for (int i = 0; i < invocations; i++) {
                InvocationResult result = sandbox.invoke(event("success", 1));
                assertEquals("success", result.status(), result.bodyText());
                requestIds.add(result.requestId());
            }
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
            report = sandbox.report();
        }
        String context = "extension log:\n" + String.join("\n", extensionLog);
        SubscriberReport telemetry = report.telemetry().getFirst();
        assertEquals(0, telemetry.deliveryFailures(), "every batch was taken; " + context);
        assertEquals(0, telemetry.droppedRecords(), context);
        assertEquals(invocations, telemetry.eventsByType().get("platform.report"), context);
        assertEquals(invocations, Telemetry.invocationSpanCount(contents), "one span per invocation; " + context);
        assertEquals(Set.copyOf(requestIds), Telemetry.invocationSpans(contents).keySet());
        assertEquals(invocations, Telemetry.functionLines(contents).size(), context);
    }

    @Test
    void everythingArrivesWhenTheBackendFirstAnswers503() throws Exception {
        SinkContents contents = runAgainst(Fault.status(503).times(3), 10);
        assertEquals(11 * LINES, Telemetry.functionLines(contents).size());
        assertEquals(11, Telemetry.invocationSpanCount(contents));
    }

    @Test
    void everythingArrivesWhenTheBackendAsksToRetryLater() throws Exception {
        SinkContents contents = runAgainst(Fault.status(429).retryAfter(Duration.ofSeconds(1)).times(2), 10);
        assertEquals(11 * LINES, Telemetry.functionLines(contents).size());
        assertEquals(11, Telemetry.invocationSpanCount(contents));
    }

    /**
     * The invocations against the failing backend, then one more once every Retry-After it sent
     * has passed (the environment frozen meanwhile, as between a function's real invocations):
     * what the backend refused must arrive with a later flush, not only if the shutdown window
     * happens to outlast the backend's wait.
     */
    private SinkContents runAgainst(Fault fault, int invocations) throws Exception {
        try (Sandbox sandbox = sandbox().env("LAMBDASCOPE_FLUSH", "end-of-invocation").build()) {
            sandbox.sink().orElseThrow().fault(fault);
            for (int i = 0; i < invocations; i++) {
                assertEquals("success", sandbox.invoke(event("success", LINES)).status());
            }
            Thread.sleep(fault.retryAfter().multipliedBy(fault.times()).toMillis());
            assertEquals("success", sandbox.invoke(event("success", LINES)).status());
            sandbox.shutdown();
            OtlpSink sink = sandbox.sink().orElseThrow();
            assertTrue(sink.counts().faulted() > 0, "the fault was met");
            return sink.contents();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"end-of-invocation", "adaptive"})
    void aBackendThatNeverAnswersCostsNoMoreThanTheBudget(String strategy) throws Exception {
        List<InvocationResult> results = new ArrayList<>();
        try (Sandbox sandbox = sandbox().env("LAMBDASCOPE_FLUSH", strategy).env("LAMBDASCOPE_EXPORT_TIMEOUT_MS", String.valueOf(EXPORT_TIMEOUT.toMillis())).build()) {
            sandbox.sink().orElseThrow().fault(Fault.neverAnswer());
            for (int i = 0; i < 20; i++) {
                InvocationResult result = sandbox.invoke(event("success", LINES));
                assertEquals("success", result.status());
                assertTrue(result.bodyText().contains(result.requestId()), "the function's response is unchanged");
                results.add(result);
            }
            sandbox.shutdown();
        }
        String context = "extension log:\n" + String.join("\n", extensionLog);
        // No invocation waits for the backend: that would take the export timeout. A single one may
        // exceed the budget by a scheduler hiccup on a loaded machine, so the budget holds for the
        // median, and the bound for every invocation is what separates "waited for the backend".
        List<Long> postRuntime = results.stream().map(result -> result.postRuntime().toMillis()).sorted().toList();
        assertTrue(postRuntime.getLast() < EXPORT_TIMEOUT.toMillis() / 4, "post-runtime (ms) " + postRuntime + "; " + context);
        assertTrue(postRuntime.get(postRuntime.size() / 2) <= BUDGET.plus(SCHEDULING_MARGIN).toMillis(),
                "median post-runtime within the budget, (ms) " + postRuntime + "; " + context);
        String summary = extensionLog.stream().filter(line -> line.contains("shutdown: exported")).findFirst().orElseThrow(() -> new AssertionError(context));
        assertTrue(summary.matches(".*dropped \\d+ \\w+ shutdown.*"), "what could not be sent is counted: " + summary);
    }

    @Test
    void errorAndTimeoutInvocationsHaveTheirStatus() throws Exception {
        SinkContents contents;
        List<InvocationResult> results = new ArrayList<>();
        try (Sandbox sandbox = sandbox().env("LAMBDASCOPE_FLUSH", "end-of-invocation").timeout(Duration.ofSeconds(3)).build()) {
            for (String outcome : List.of("success", "error", "timeout", "success")) {
                results.add(sandbox.invoke(event(outcome, 2)));
            }
            sandbox.shutdown();
            contents = sandbox.sink().orElseThrow().contents();
        }
        assertEquals(List.of("success", "error", "timeout", "success"), results.stream().map(InvocationResult::status).toList());
        Map<String, Span> spans = Telemetry.invocationSpans(contents);
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, spans.get(results.get(0).requestId()).getStatus().getCode());
        Span error = spans.get(results.get(1).requestId());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, error.getStatus().getCode());
        Span timeout = spans.get(results.get(2).requestId());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, timeout.getStatus().getCode());
        assertTrue(timeout.getStatus().getMessage().toLowerCase().contains("timeout")
                || timeout.getStatus().getMessage().toLowerCase().contains("timed out"), timeout.getStatus().getMessage());
        assertEquals(2, Telemetry.sum(contents, "faas.errors"), "faas.errors counts the timeout too");
        assertEquals(1, Telemetry.sum(contents, "faas.timeouts"));
        assertEquals(2, Telemetry.initSpans(contents).size(), "the timeout reset the environment");
        assertEquals(2, Telemetry.sum(contents, "faas.coldstarts"));
    }
}
