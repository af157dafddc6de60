package io.lambdascope.extension.convert;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.lambdascope.extension.config.Sampling;
import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.telemetry.LambdaTime;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/** A converter on a fixed clock and seed, keeping everything it produces. */
final class Conversion implements Converted {

    /** The clock, for events without a valid time: 2030-01-01T00:00:00Z. */
    static final long NOW = 1_893_456_000_000_000_000L;
    static final String FUNCTION = "my-function";

    final List<Span> spans = new ArrayList<>();
    final List<LogRecord> logs = new ArrayList<>();
    long droppedByLambda;
    final MetricRegistry registry = new MetricRegistry();
    final TelemetryConverter converter;

    Conversion() {
        this(new ConvertSettings(32_768, Sampling.ALL, "lambdascope", true));
    }

    Conversion(ConvertSettings settings) {
        this(settings, Optional.of(FUNCTION));
    }

    Conversion(ConvertSettings settings, Optional<String> functionName) {
        converter = new TelemetryConverter(settings, this, registry, functionName, () -> NOW, new SplittableRandom(42));
    }

    @Override
    public void span(Span span) {
        spans.add(span);
    }

    @Override
    public void droppedByLambda(long records) {
        droppedByLambda += records;
    }

    @Override
    public void log(LogRecord record) {
        logs.add(record);
    }

    /** Converts a batch written as JSON: an array of events or one event. */
    Conversion accept(String json) {
        converter.accept(events(read(json)));
        return this;
    }

    /** Converts one event. */
    Conversion event(String time, String type, String recordJson) {
        converter.accept(List.of(new TelemetryEvent(time, type, read(recordJson))));
        return this;
    }

    /** Converts one text log line. */
    Conversion line(String time, String type, String text) {
        converter.accept(List.of(new TelemetryEvent(time, type, text(text))));
        return this;
    }

    static JsonValue read(String json) {
        try {
            return JsonValue.parse(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonValue read(Path file) throws IOException {
        return JsonValue.parse(Files.readAllBytes(file));
    }

    /** A JSON string, as the record of a text log line is. */
    static JsonValue text(String text) {
        return read(quoted(text));
    }

    /** The text as a JSON string literal. */
    static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** The events of a body, as the listener makes them. */
    static List<TelemetryEvent> events(JsonValue root) {
        List<TelemetryEvent> events = new ArrayList<>();
        for (JsonValue element : root.isArray() ? root : List.of(root)) {
            events.add(new TelemetryEvent(element.path("time").asText(""), element.path("type").asText(), element.path("record")));
        }
        return events;
    }

    /** The metrics recorded since the last call, by name. */
    Map<String, Metric> metrics() {
        Map<String, Metric> byName = new LinkedHashMap<>();
        for (Metric metric : registry.collect()) {
            byName.put(metric.getName(), metric);
        }
        return byName;
    }

    Span span(String name) {
        return only(spans, span -> span.getName().equals(name), name);
    }

    static <T> T only(List<T> items, Predicate<T> which, String what) {
        List<T> matching = items.stream().filter(which).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + what + ", found " + matching.size() + ": " + items);
        }
        return matching.getFirst();
    }

    /** Attributes as plain values: strings, longs, booleans, doubles, lists. */
    static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            if (values.put(attribute.getKey(), value(attribute.getValue())) != null) {
                throw new AssertionError("attribute repeated: " + attribute.getKey());
            }
        }
        return values;
    }

    static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case BOOL_VALUE -> value.getBoolValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(Conversion::value).toList();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
            default -> null;
        };
    }

    /** A time written by Lambda as epoch nanoseconds. */
    static long nanos(String time) {
        long nanos = LambdaTime.epochNanos(time);
        if (nanos == LambdaTime.INVALID) {
            throw new AssertionError("not a time: " + time);
        }
        return nanos;
    }
}
