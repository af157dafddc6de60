package io.lambdascope.extension.convert;

import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Whatever Lambda (or a broken proxy) sends, accept() converts what it can and never throws. */
class RobustnessTest {

    private static final List<String> TYPES = List.of("platform.start", "platform.runtimeDone", "platform.report",
            "platform.initStart", "platform.initRuntimeDone", "platform.initReport", "platform.restoreStart",
            "platform.restoreRuntimeDone", "platform.restoreReport", "platform.extension", "platform.telemetrySubscription",
            "platform.logsDropped", "function", "extension");

    private final Conversion conversion = new Conversion();

    @Test
    void recordsOfTheWrongShapeAreCountedAsInvalid() {
        conversion.converter.accept(Arrays.asList(
                new TelemetryEvent("2024-06-01T10:00:00.000Z", "platform.start", Conversion.read("{}")),
                new TelemetryEvent("2024-06-01T10:00:00.000Z", "platform.start", Conversion.read("{\"requestId\":5}")),
                new TelemetryEvent("2024-06-01T10:00:00.000Z", "platform.report", Conversion.text("report")),
                new TelemetryEvent("2024-06-01T10:00:00.000Z", "platform.logsDropped", Conversion.read("{\"droppedRecords\":\"many\"}")),
                new TelemetryEvent("2024-06-01T10:00:00.000Z", "function", Conversion.read("3")),
                new TelemetryEvent(null, null, null),
                null));
        Metric invalid = conversion.metrics().get("lambdascope.telemetry.invalid_events");
        long total = invalid.getSum().getDataPointsList().stream().mapToLong(p -> p.getAsInt()).sum();
        assertEquals(5, total);
        assertEquals(List.of(), conversion.spans);
        assertEquals(List.of(), conversion.logs);
    }

    @Test
    void numbersWrittenAsTextStillCountAndMalformedTimesFallBackToTheClock() {
        conversion.event("12:00", "platform.report", """
                {"requestId":"r","status":"success","metrics":{"durationMs":"250.5","billedDurationMs":"x","maxMemoryUsedMB":true}}""");
        Span span = conversion.spans.getFirst();
        assertEquals(Conversion.NOW, span.getEndTimeUnixNano());
        assertEquals(Conversion.NOW - 250_500_000L, span.getStartTimeUnixNano());
        Map<String, Metric> metrics = conversion.metrics();
        assertTrue(metrics.containsKey("faas.invoke_duration"));
        assertTrue(!metrics.containsKey("aws.lambda.billed_duration") && !metrics.containsKey("faas.mem_usage"));
    }

    @Test
    void childSpansWithoutAValidStartAreSkippedAndCounted() {
        conversion.event("2024-06-01T10:00:00.000Z", "platform.runtimeDone", """
                {"requestId":"r","spans":[{"name":"ok","start":"2024-06-01T10:00:00.000Z","durationMs":1},
                 {"name":"bad","start":"soon","durationMs":1},{"start":"2024-06-01T10:00:00.000Z","durationMs":1},
                 {"name":"neg","start":"2024-06-01T10:00:00.000Z","durationMs":-1}, 7]}""");
        assertEquals(List.of("ok"), conversion.spans.stream().map(Span::getName).toList());
        assertEquals(4, conversion.metrics().get("lambdascope.telemetry.invalid_events").getSum().getDataPoints(0).getAsInt());
    }

    @Test
    void mutatedCorpusEventsNeverThrow() throws IOException {
        String root = System.getProperty("lambdascope.fixtures", "");
        Path folder = Path.of(root.isEmpty() ? "/nonexistent" : root, "telemetry");
        assumeTrue(Files.isDirectory(folder), "the fixture corpus is not at " + folder + "; skipping");
        List<JsonValue> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                JsonValue node = Conversion.read(file);
                for (JsonValue element : node.isArray() ? node : List.of(node)) {
                    records.add(element.has("record") ? element.get("record") : element);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder mutated = new StringBuilder();
            mutate(records.get(random.nextInt(records.size())), random, mutated);
            JsonValue record = Conversion.read(mutated.toString());
            String type = TYPES.get(random.nextInt(TYPES.size()));
            String time = random.nextInt(4) == 0 ? "2022-08-02T12:01:23:5" : "2024-06-01T10:00:0" + random.nextInt(10) + ".000Z";
            conversion.converter.accept(List.of(new TelemetryEvent(time, type, record)));
        }
        conversion.converter.closeOpen();
        for (Span span : conversion.spans) {
            assertTrue(span.getEndTimeUnixNano() >= span.getStartTimeUnixNano(), span.toString());
            assertEquals(16, span.getTraceId().size());
        }
        assertTrue(conversion.converter.openInvocations() == 0);
    }

    /**
     * Writes a copy of the value as JSON, with values replaced by others of the wrong type, fields
     * removed, and garbage nested; the tree itself cannot change.
     */
    private static void mutate(JsonValue node, SplittableRandom random, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> field : node.fields()) {
                int choice = random.nextInt(6);
                if (choice == 0) {
                    continue;
                }
                out.append(first ? "" : ",").append(Conversion.quoted(field.getKey())).append(':');
                first = false;
                if (choice == 1) {
                    garbage(random, out);
                } else {
                    mutate(field.getValue(), random, out);
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                if (random.nextInt(3) == 0) {
                    garbage(random, out);
                } else {
                    mutate(node.get(i), random, out);
                }
            }
            out.append(']');
        } else if (random.nextInt(4) == 0) {
            garbage(random, out);
        } else {
            out.append(node);
        }
    }

    private static void garbage(SplittableRandom random, StringBuilder out) {
        out.append(switch (random.nextInt(8)) {
            case 0 -> "null";
            case 1 -> Double.toString(random.nextDouble() * 1e12 - 5e11);
            case 2 -> Conversion.quoted("x".repeat(random.nextInt(100_000)));
            case 3 -> "[1,\"a\"]";
            case 4 -> "{\"requestId\":\"r" + random.nextInt(100) + "\"}";
            case 5 -> "true";
            // The one number that is not finite a JSON document can hold: too large for a double.
            case 6 -> "1e400";
            default -> "\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=zz\"";
        });
    }
}
