package io.lambdascope.extension.capture;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.lambdascope.extension.capture.Captures.attributes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event of the fixture corpus, captured in-process, gives the span {@link FixtureSpans}
 * expects. A fixture without an expectation fails, so a new event cannot go unchecked. Responses
 * in the corpus are events of no trigger: they must not be captured.
 */
class CaptureFixturesTest {

    @TestFactory
    Stream<DynamicTest> everyFixture() throws IOException {
        Path folder = Captures.fixtures();
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= FixtureSpans.names().size(), "fixtures missing from " + folder);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String name = file.getFileName().toString();
            Optional<Trigger> trigger = FixtureSpans.trigger(name);
            Captured captured = Captures.capture().event(Files.readAllBytes(file), "req-1");
            if (trigger.isEmpty()) {
                assertInstanceOf(Captured.NotCaptured.class, captured, "a response is no event");
                return;
            }
            InvocationSpan started = assertInstanceOf(InvocationSpan.class, captured);
            assertEquals(trigger.get(), started.trigger());
            Span span = started.response(new byte[0]);
            assertEquals(trigger.get().kind(), span.getKind());
            assertEquals("req-1", attributes(span).get("faas.invocation_id"));
            FixtureSpans.assertSpan(name, span);
            assertEquals(16, span.getTraceId().size());
            assertEquals(8, span.getSpanId().size());
        }));
    }
}
