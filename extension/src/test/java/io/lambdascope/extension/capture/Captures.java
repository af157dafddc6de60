package io.lambdascope.extension.capture;

import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.config.RedactionConfig;
import io.lambdascope.extension.config.Sampling;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Shared pieces of the capture tests: a capture with a fixed clock, fixtures, and attributes as plain values. */
final class Captures {

    static final long START = 1_000_000_000L;
    static final long END = 1_250_000_000L;

    private Captures() {
    }

    static EventCapture capture(boolean bodies, long maxBytes, List<String> extraHeaders, List<String> query) {
        long[] clock = {START - 250_000_000L};
        return new EventCapture(new CaptureConfig(true, bodies, maxBytes, 9009),
                new RedactionConfig(extraHeaders, Optional.empty(), query), Sampling.ALL,
                () -> clock[0] += 250_000_000L, new SplittableRandom(7));
    }

    static EventCapture capture() {
        return capture(false, 8192, List.of(), List.of());
    }

    static Path fixtures() {
        String root = System.getProperty("lambdascope.fixtures", "");
        Path folder = Path.of(root.isEmpty() ? "/nonexistent" : root, "events");
        assumeTrue(Files.isDirectory(folder), "the fixture corpus is not at " + folder + "; skipping");
        return folder;
    }

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(fixtures().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InvocationSpan started(EventCapture capture, String event) {
        return started(capture, event.getBytes(StandardCharsets.UTF_8));
    }

    static InvocationSpan started(EventCapture capture, byte[] event) {
        return assertInstanceOf(InvocationSpan.class, capture.event(event, "req-1"));
    }

    /** Attributes as strings, longs, booleans and lists of strings. */
    static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            map.put(attribute.getKey(), value(attribute.getValue()));
        }
        return map;
    }

    static Map<String, Object> attributes(Span span) {
        return attributes(span.getAttributesList());
    }

    /** Every value the span holds: name, status message, attribute, event and link values (keys are names, never data). */
    static List<String> strings(Span span) {
        List<String> out = new ArrayList<>();
        out.add(span.getName());
        out.add(span.getStatus().getMessage());
        collect(span.getAttributesList(), out);
        span.getEventsList().forEach(event -> {
            out.add(event.getName());
            collect(event.getAttributesList(), out);
        });
        span.getLinksList().forEach(link -> collect(link.getAttributesList(), out));
        return out;
    }

    private static void collect(List<KeyValue> attributes, List<String> out) {
        for (KeyValue attribute : attributes) {
            Object value = value(attribute.getValue());
            if (value instanceof List<?> list) {
                list.forEach(element -> out.add(String.valueOf(element)));
            } else {
                out.add(String.valueOf(value));
            }
        }
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case BOOL_VALUE -> value.getBoolValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(Captures::value).toList();
            default -> value.toString();
        };
    }
}
