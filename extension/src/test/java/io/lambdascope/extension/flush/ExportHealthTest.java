package io.lambdascope.extension.flush;

import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportHealthTest {

    private final MetricRegistry metrics = new MetricRegistry();
    private final ExportHealth health = new ExportHealth(metrics);

    @Test
    void countsWhatEachOutcomeSentFailedAndDropped() {
        health.exported(Signal.LOGS, 10, new ExportResult(ExportResult.Outcome.SENT, 1, 700, 2, Optional.empty()));
        health.exported(Signal.TRACES, 4, new ExportResult(ExportResult.Outcome.REJECTED, 1, 300, 0, Optional.of("400")));
        health.exported(Signal.LOGS, 5, new ExportResult(ExportResult.Outcome.FAILED, 3, 900, 0, Optional.of("503")));
        health.dropped(Signal.LOGS, ExportHealth.DropReason.BUFFER_FULL, 7);
        health.dropped(Signal.METRICS, ExportHealth.DropReason.SHUTDOWN, 0);

        List<Metric> collected = metrics.collect();
        assertEquals(Map.of("signal=logs", 4L, "signal=traces", 1L), points(collected, "lambdascope.export.attempts"));
        assertEquals(Map.of("signal=logs", 1600L, "signal=traces", 300L), points(collected, "lambdascope.export.bytes"));
        assertEquals(Map.of("signal=logs", 8L), points(collected, "lambdascope.export.items"), "partly rejected items are not exported");
        assertEquals(Map.of("signal=logs", 1L, "signal=traces", 1L), points(collected, "lambdascope.export.failures"));
        assertEquals(Map.of("reason=rejected,signal=logs", 2L, "reason=rejected,signal=traces", 4L,
                "reason=buffer_full,signal=logs", 7L), points(collected, "lambdascope.items.dropped"),
                "a failed export is not a drop: its items go back into the buffer; nothing dropped is not counted");

        assertEquals(6, health.droppedTotal(ExportHealth.DropReason.REJECTED));
        assertEquals("exported 8 items, 2 failed exports, dropped 7 logs buffer_full, 2 logs rejected, 4 traces rejected,"
                + " breaker saved 0 ms", health.summary());
    }

    @Test
    void countsRefusedTelemetryAndTheTimeTheBreakerSaved() {
        health.refused("malformed", 1);
        health.refused("invalid_event", 3);
        health.saved(Duration.ofMillis(50));
        health.saved(Duration.ofMillis(50));

        List<Metric> collected = metrics.collect();
        assertEquals(Map.of("reason=malformed", 1L, "reason=invalid_event", 3L), points(collected, "lambdascope.telemetry.refused"));
        assertEquals(Map.of("", 100L), points(collected, "lambdascope.breaker.saved_time"));
        assertTrue(health.summary().endsWith("dropped none, breaker saved 100 ms"), health.summary());
    }

    @Test
    void recordsTheTimeEachInvocationWasHeld() {
        health.held(Duration.ofMillis(3));
        health.held(Duration.ZERO);

        Metric added = metrics.collect().stream().filter(m -> m.getName().equals("lambdascope.invocation.added_time"))
                .findFirst().orElseThrow();
        assertEquals("ms", added.getUnit());
        assertEquals(2, added.getHistogram().getDataPoints(0).getCount());
        assertEquals(3.0, added.getHistogram().getDataPoints(0).getSum(), 1e-9);
    }

    /** A counter's points as "k=v,k2=v2" (keys sorted) to value. */
    private static Map<String, Long> points(List<Metric> metrics, String name) {
        Map<String, Long> points = new TreeMap<>();
        for (Metric metric : metrics) {
            if (metric.getName().equals(name)) {
                for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
                    String key = point.getAttributesList().stream().sorted((a, b) -> a.getKey().compareTo(b.getKey()))
                            .map(ExportHealthTest::text).collect(Collectors.joining(","));
                    points.put(key, point.getAsInt());
                }
            }
        }
        return points;
    }

    private static String text(KeyValue attribute) {
        return attribute.getKey() + "=" + attribute.getValue().getStringValue();
    }

    @Test
    void logsLambdaDroppedAreInTheShutdownLineButCountedInTheMetricByTheConverter() {
        health.droppedByLambda(7);
        health.droppedByLambda(3);
        health.dropped(Signal.LOGS, ExportHealth.DropReason.SHUTDOWN, 2);

        assertTrue(health.summary().contains("dropped 10 logs lambda_logs_dropped, 2 logs shutdown,"), health.summary());
        assertEquals(Map.of("reason=shutdown,signal=logs", 2L), points(metrics.collect(), "lambdascope.items.dropped"));
    }
}
