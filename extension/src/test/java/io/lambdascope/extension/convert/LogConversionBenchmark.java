package io.lambdascope.extension.convert;

import io.lambdascope.extension.config.Sampling;
import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.telemetry.TelemetryEvent;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Log records per second through what the listener's connection thread does: parse a Telemetry API
 * body into a {@link JsonValue} tree, then convert. Not a test; run its main method by hand:
 * {@code java -cp target/classes:target/test-classes:<dependencies> io.lambdascope.extension.convert.LogConversionBenchmark}.
 */
public final class LogConversionBenchmark {

    private LogConversionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        byte[] text = body(false);
        byte[] structured = body(true);
        long[] sink = new long[1];
        Converted out = new Converted() {
            @Override
            public void span(Span span) {
                sink[0]++;
            }

            @Override
            public void log(LogRecord record) {
                sink[0] += record.getSerializedSize() > 0 ? 1 : 0;
            }
        };
        TelemetryConverter converter = new TelemetryConverter(new ConvertSettings(32_768, Sampling.ALL, "lambdascope", true),
                out, new MetricRegistry());
        for (byte[] body : List.of(text, structured, text, structured)) {
            int records = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 3_000_000_000L) {
                converter.accept(events(JsonValue.parse(body)));
                records += 1000;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %.0f log records/s%n", body == text ? "text" : "json", records / seconds);
        }
        System.out.println(sink[0] > 0 ? "" : "nothing converted");
    }

    private static List<TelemetryEvent> events(JsonValue root) {
        List<TelemetryEvent> events = new ArrayList<>(root.size());
        for (JsonValue element : root) {
            events.add(new TelemetryEvent(element.path("time").asText(""), element.path("type").asText(), element.path("record")));
        }
        return events;
    }

    /** One start, 998 function lines, one runtimeDone: the shape of a chatty invocation. */
    private static byte[] body(boolean structured) {
        StringBuilder body = new StringBuilder("[{\"time\":\"2024-06-01T10:00:00.000Z\",\"type\":\"platform.start\","
                + "\"record\":{\"requestId\":\"8f5e-1\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\","
                + "\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\"}}}");
        for (int i = 0; i < 998; i++) {
            body.append(",{\"time\":\"2024-06-01T10:00:00.").append(String.format("%03d", i % 1000)).append("Z\",\"type\":\"function\",\"record\":");
            if (structured) {
                body.append("{\"timestamp\":\"2024-06-01T10:00:00.001Z\",\"level\":\"INFO\",\"requestId\":\"8f5e-1\","
                        + "\"message\":\"processed order 12345 for customer 67890 in 12 ms\"}}");
            } else {
                body.append("\"2024-06-01T10:00:00.001Z\\t8f5e-1\\tINFO\\tprocessed order 12345 for customer 67890 in 12 ms\\n\"}");
            }
        }
        body.append(",{\"time\":\"2024-06-01T10:00:01.000Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"8f5e-1\",\"status\":\"success\"}}");
        body.append(",{\"time\":\"2024-06-01T10:00:01.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"8f5e-1\",\"status\":\"success\"}}]");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
