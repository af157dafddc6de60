package io.lambdascope.sandbox.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every platform event the builders make has exactly the field names (recursively) of a real
 * Telemetry API payload of that type from the shared fixtures.
 */
class PlatformEventsCorpusTest {

    private static final Instant T = Instant.parse("2024-05-15T23:58:26.858Z");
    private static final String REQUEST_ID = "882e9658-570e-4b2f-aaa8-5dfb88f7eccb";
    private static final Optional<String> TRACE =
            Optional.of("Root=1-6352a70e-1e2c502e358361800241fd45;Parent=35465b3a9e2f7c6a;Sampled=1");

    /** Field paths of every fixture record, by event type. */
    private static final Map<String, List<Fixture>> FIXTURES = new TreeMap<>();

    record Fixture(String file, TreeSet<String> fields) {
    }

    @BeforeAll
    static void readFixtures() throws IOException {
        String folder = System.getProperty("lambdascope.fixtures");
        Path telemetry = folder == null ? null : Path.of(folder, "telemetry");
        assumeTrue(telemetry != null && Files.isDirectory(telemetry),
                "telemetry fixtures not found (system property lambdascope.fixtures=" + folder + "): corpus test skipped");
        try (Stream<Path> files = Files.list(telemetry)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = EventJson.MAPPER.readTree(file.toFile());
                String name = file.getFileName().toString();
                if (root.isArray()) {
                    root.forEach(event -> add(name, event.get("type").asText(), event.get("record")));
                } else if (root.has("type") && root.has("record")) {
                    add(name, root.get("type").asText(), root.get("record"));
                } else {
                    // A bare record: its type is in the file name, telemetry-record-<type>-....json
                    typeFromFileName(name).ifPresent(type -> add(name, type, root));
                }
            }
        }
    }

    private static final List<String> PLATFORM_TYPES = List.of("initStart", "initRuntimeDone", "initReport", "start",
            "runtimeDone", "report", "extension", "telemetrySubscription", "logsDropped", "restoreStart",
            "restoreRuntimeDone", "restoreReport");

    private static Optional<String> typeFromFileName(String name) {
        String[] parts = name.split("-");
        return parts.length > 2 ? PLATFORM_TYPES.stream()
                .filter(type -> type.toLowerCase(Locale.ROOT).equals(parts[2]))
                .map(type -> "platform." + type)
                .findFirst() : Optional.empty();
    }

    private static void add(String file, String type, JsonNode record) {
        if (type.startsWith("platform.")) {
            FIXTURES.computeIfAbsent(type, t -> new ArrayList<>()).add(new Fixture(file, fields(record)));
        }
    }

    /** Field paths: {@code metrics.durationMs}, {@code spans[].name}; arrays contribute their elements' fields. */
    static TreeSet<String> fields(JsonNode node) {
        TreeSet<String> fields = new TreeSet<>();
        collect(node, "", fields);
        return fields;
    }

    private static void collect(JsonNode node, String prefix, TreeSet<String> fields) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String path = prefix + field.getKey();
                fields.add(path);
                collect(field.getValue(), path + ".", fields);
            });
        } else if (node.isArray()) {
            String arrayPrefix = prefix.isEmpty() ? "[]." : prefix.substring(0, prefix.length() - 1) + "[].";
            node.forEach(element -> collect(element, arrayPrefix, fields));
        }
    }

    static Stream<Arguments> builtEvents() {
        return Stream.of(
                Arguments.of("initStart", PlatformEvents.initStart(T, "on-demand", "init", "hello-world", "$LATEST",
                        "nodejs:20.v22", "arn:aws:lambda:us-east-1::runtime:da57", 256,
                        Optional.of("82561ce0-53dd-47d1-90e0-c8f5e063e62e"))),
                Arguments.of("initRuntimeDone error", PlatformEvents.initRuntimeDone(T, "on-demand", "init", "error",
                        Optional.of("Runtime.ExitError"))),
                Arguments.of("initReport", PlatformEvents.initReport(T, "on-demand", "init", "success", 1819.081,
                        Optional.empty())),
                Arguments.of("start", PlatformEvents.start(T, REQUEST_ID, "$LATEST", TRACE)),
                Arguments.of("runtimeDone success", PlatformEvents.runtimeDone(T, REQUEST_ID, "success", Optional.empty(),
                        8202.659, 50, T.plusMillis(8200), 8200.68, 0.226, 1.502, TRACE)),
                Arguments.of("runtimeDone timeout", PlatformEvents.runtimeDone(T, REQUEST_ID, "timeout", Optional.empty(),
                        3000.0, 0, T, 0, 0, 0, TRACE)),
                Arguments.of("report", PlatformEvents.report(T, REQUEST_ID, "success", Optional.empty(), 12455.155, 12456,
                        128, 94, OptionalDouble.of(1819.881), TRACE)),
                Arguments.of("extension", PlatformEvents.extension(T, "lambdascope", "Ready", List.of("INVOKE", "SHUTDOWN"))),
                Arguments.of("telemetrySubscription", PlatformEvents.telemetrySubscription(T, "lambdascope", "Subscribed",
                        List.of("platform", "function"))),
                Arguments.of("logsDropped", PlatformEvents.logsDropped(T, PlatformEvents.SLOW_CONSUMER_REASON, 123, 12345)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtEvents")
    void hasTheFieldNamesOfARealPayload(String name, TelemetryEvent event) throws IOException {
        List<Fixture> fixtures = FIXTURES.getOrDefault(event.type(), List.of());
        assertFalse(fixtures.isEmpty(), "no fixture of type " + event.type());
        JsonNode wire = EventJson.MAPPER.readTree(EventJson.event(event));
        List<String> envelope = new ArrayList<>();
        wire.fieldNames().forEachRemaining(envelope::add);
        assertEquals(List.of("time", "type", "record"), envelope);
        TreeSet<String> built = fields(wire.get("record"));
        assertTrue(fixtures.stream().anyMatch(f -> f.fields().equals(built)),
                event.type() + " fields " + built + " match no fixture: " + fixtures);
    }

    @Test
    void theLighterVariantsOnlyUseFieldsRealPayloadsHave() {
        List<TelemetryEvent> events = List.of(
                PlatformEvents.initStart(T, "on-demand", "init", "f", "$LATEST", "java:25.v1", "arn", 512),
                PlatformEvents.start(T, REQUEST_ID, "$LATEST", Optional.empty()),
                PlatformEvents.runtimeDone(T, REQUEST_ID, "error", Optional.of("Runtime.ExitError"), 10, 0, T, 1, 1, 1,
                        Optional.empty()),
                PlatformEvents.report(T, REQUEST_ID, "error", Optional.of("Runtime.ExitError"), 52.56, 53, 1024, 512,
                        OptionalDouble.empty(), TRACE),
                PlatformEvents.initReport(T, "on-demand", "init", "error", 10, Optional.of("Runtime.ExitError")),
                PlatformEvents.initRuntimeDone(T, "on-demand", "init", "success", Optional.empty()));
        for (TelemetryEvent event : events) {
            TreeSet<String> known = new TreeSet<>();
            FIXTURES.getOrDefault(event.type(), List.of()).forEach(f -> known.addAll(f.fields()));
            known.add("errorType"); // documented on every record that has a status
            TreeSet<String> built = fields(EventJson.MAPPER.valueToTree(event.record()));
            built.removeAll(known);
            assertTrue(built.isEmpty(), event.type() + " has fields no real payload has: " + built);
        }
    }

    @Test
    void theSpanIdIsTheSameAcrossOneInvocation() {
        String start = ((Map<?, ?>) ((Map<?, ?>) PlatformEvents.start(T, REQUEST_ID, "$LATEST", TRACE).record())
                .get("tracing")).get("spanId").toString();
        String report = ((Map<?, ?>) ((Map<?, ?>) PlatformEvents.report(T, REQUEST_ID, "success", Optional.empty(), 1, 1,
                128, 64, OptionalDouble.empty(), TRACE).record()).get("tracing")).get("spanId").toString();
        assertEquals(start, report);
        assertTrue(start.matches("[0-9a-f]{16}"), start);
    }
}
