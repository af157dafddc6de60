package io.lambdascope.sandbox.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.sink.SinkCounts;
import io.lambdascope.sandbox.telemetry.SubscriberReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run report as JSON for tools and as a summary for a person. */
class RunReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunReport report(SinkCounts sink) {
        return new RunReport("orders", 1024,
                List.of(new RunReport.Init(3.5, 812.25, "success", null,
                        List.of(new RunReport.ExtensionStart("lambdascope", 120.0, 310.5),
                                new RunReport.ExtensionStart("slow", 130.0, null)))),
                List.of(new RunReport.Invocation("req-1", "success", null, 12.5, 1.25, 13, 180, 310.5),
                        new RunReport.Invocation("req-2", "timeout", "Sandbox.Timedout", 3000.0, 0.0, 3000, 181, 320.0)),
                List.of(new RunReport.Shutdown("timeout", 2004.0, List.of(
                        new RunReport.ExtensionExit("lambdascope", true, 0, 42.5, 40.25, 812.5),
                        new RunReport.ExtensionExit("slow", false, null, 3.0, 2.5, 1.0)))),
                List.of(new RunReport.Extension("lambdascope", List.of("INVOKE", "SHUTDOWN"), 2, 1, null, null),
                        new RunReport.Extension("slow", List.of("SHUTDOWN"), 0, 1, "Extension.ConfigInvalid", "Extension.Crash")),
                List.of(new SubscriberReport("lambdascope", List.of("platform", "function"), 1000, 262_144, 25, 4,
                        Map.of("platform.start", 2), 2048, 0, 0)),
                sink);
    }

    @Test
    void writesEveryPhaseWithTheFieldNamesToolsReadAndLeavesOutWhatIsUnknown() throws Exception {
        JsonNode json = JSON.readTree(JSON.writeValueAsString(report(null)));
        assertEquals("orders", json.get("functionName").asText());
        assertEquals(1024, json.get("memoryMb").asInt());
        assertFalse(json.has("sink"), "no sink, no sink counts");

        JsonNode init = json.get("inits").get(0);
        assertEquals(812.25, init.get("durationMs").asDouble());
        assertEquals(3.5, init.get("startMs").asDouble());
        assertEquals("success", init.get("status").asText());
        assertFalse(init.has("errorType"));
        assertEquals(120.0, init.get("extensions").get(0).get("registeredMs").asDouble());
        assertEquals(310.5, init.get("extensions").get(0).get("readyMs").asDouble());
        assertFalse(init.get("extensions").get(1).has("readyMs"), "an extension that never became ready");

        JsonNode first = json.get("invocations").get(0);
        assertEquals("req-1", first.get("requestId").asText());
        assertEquals("success", first.get("status").asText());
        assertEquals(12.5, first.get("durationMs").asDouble());
        assertEquals(1.25, first.get("postRuntimeMs").asDouble());
        assertEquals(13, first.get("billedDurationMs").asLong());
        assertEquals(180, first.get("maxMemoryUsedMb").asInt());
        assertEquals(310.5, first.get("extensionCpuMs").asDouble());
        assertFalse(first.has("errorType"));
        assertEquals("Sandbox.Timedout", json.get("invocations").get(1).get("errorType").asText());

        JsonNode shutdown = json.get("shutdowns").get(0);
        assertEquals("timeout", shutdown.get("reason").asText());
        assertEquals(2004.0, shutdown.get("durationMs").asDouble());
        JsonNode exited = shutdown.get("extensions").get(0);
        assertTrue(exited.get("exitedBeforeDeadline").asBoolean());
        assertEquals(0, exited.get("exitCode").asInt());
        assertEquals(42.5, exited.get("peakMemoryMb").asDouble());
        assertEquals(40.25, exited.get("residentMemoryMb").asDouble());
        assertEquals(812.5, exited.get("cpuMs").asDouble());
        assertFalse(shutdown.get("extensions").get(1).get("exitedBeforeDeadline").asBoolean());
        assertFalse(shutdown.get("extensions").get(1).has("exitCode"));

        JsonNode extension = json.get("extensions").get(1);
        assertEquals("slow", extension.get("name").asText());
        assertEquals("SHUTDOWN", extension.get("events").get(0).asText());
        assertEquals(0, extension.get("invokes").asLong());
        assertEquals(1, extension.get("shutdowns").asLong());
        assertEquals("Extension.ConfigInvalid", extension.get("initError").asText());
        assertEquals("Extension.Crash", extension.get("exitError").asText());
        assertFalse(json.get("extensions").get(0).has("initError"));

        JsonNode telemetry = json.get("telemetry").get(0);
        assertEquals("lambdascope", telemetry.get("extensionName").asText());
        assertEquals(4, telemetry.get("batchesDelivered").asInt());
        assertEquals(2, telemetry.get("eventsByType").get("platform.start").asInt());
    }

    @Test
    void includesTheSinkCountsWhenASinkRan() throws Exception {
        SinkCounts counts = new SinkCounts(3, 2, 1, 0, 5, 7, 11,
                Map.of("traces", new SinkCounts.SignalCounts(1, 5)), Map.of("orders", new SinkCounts.ServiceCounts(5, 7, 11)));
        JsonNode sink = JSON.readTree(JSON.writeValueAsString(report(counts))).get("sink");
        assertEquals(3, sink.get("requests").asLong());
        assertEquals(5, sink.get("spans").asLong());
        assertEquals(7, sink.get("metricPoints").asLong());
        assertEquals(11, sink.get("logRecords").asLong());
        assertEquals(5, sink.get("signals").get("traces").get("items").asLong());
    }

    @Test
    void isImmutableOnceTaken() {
        List<RunReport.Invocation> invocations = new ArrayList<>();
        RunReport report = new RunReport("f", 128, List.of(), invocations, List.of(), List.of(), List.of(), null);
        invocations.add(new RunReport.Invocation("late", "success", null, 1, 0, 1, 1, 0));
        assertTrue(report.invocations().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> report.inits().add(null));
    }

    @Test
    void summarisesEachPhaseOnALine() {
        String summary = Summary.of(report(null));
        List<String> lines = summary.lines().toList();
        assertEquals("Function orders (1024 MB)", lines.get(0));
        assertEquals("Init: success in 812.3 ms", lines.get(1));
        assertEquals("  extension lambdascope: registered at 120.0 ms, ready at 310.5 ms", lines.get(2));
        assertEquals("  extension slow: registered at 130.0 ms, ready at never", lines.get(3));
        assertEquals("Invocations: 2", lines.get(4));
        assertTrue(lines.get(5).contains("req-1") && lines.get(5).contains("success") && lines.get(5).contains("12.5 ms"),
                lines.get(5));
        assertTrue(lines.get(6).endsWith(" Sandbox.Timedout"), lines.get(6));
        assertEquals("Shutdown (timeout): 2004.0 ms", lines.get(7));
        assertEquals("  extension lambdascope: exited before the deadline (code 0); peak memory 42.5 MB", lines.get(8));
        assertEquals("  extension slow: killed at the deadline; peak memory 3.0 MB", lines.get(9));
        assertEquals("Extension lambdascope received 2 INVOKE and 1 SHUTDOWN events", lines.get(10));
        assertEquals("Extension slow received 0 INVOKE and 1 SHUTDOWN events; exit error Extension.Crash", lines.get(11));
        assertTrue(lines.get(12).startsWith("Telemetry to lambdascope: 4 batches"), lines.get(12));
        assertEquals(13, lines.size(), summary);
    }
}
