package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricRegistryTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final MetricRegistry registry = new MetricRegistry(clock::get);

    @Test
    void countersAreDeltaSumsPerSeries() {
        Counter errors = registry.counter("faas.errors", "{error}", "failed invocations");
        errors.add(1, Attributes.empty());
        errors.add(2, Attributes.empty());
        errors.add(5, Attributes.of("reason", "timeout"));
        assertFalse(registry.isEmpty());
        clock.set(2_000);

        List<Metric> metrics = registry.collect();

        assertEquals(1, metrics.size());
        Metric metric = metrics.getFirst();
        assertEquals("faas.errors", metric.getName());
        assertEquals("{error}", metric.getUnit());
        assertEquals("failed invocations", metric.getDescription());
        assertTrue(metric.getSum().getIsMonotonic());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, metric.getSum().getAggregationTemporality());
        List<NumberDataPoint> points = metric.getSum().getDataPointsList();
        assertEquals(2, points.size());
        NumberDataPoint plain = points.stream().filter(p -> p.getAttributesCount() == 0).findFirst().orElseThrow();
        NumberDataPoint timeout = points.stream().filter(p -> p.getAttributesCount() == 1).findFirst().orElseThrow();
        assertEquals(3, plain.getAsInt());
        assertEquals(5, timeout.getAsInt());
        assertEquals(KeyValue.newBuilder().setKey("reason").setValue(AnyValue.newBuilder().setStringValue("timeout")).build(),
                timeout.getAttributes(0));
        assertEquals(1_000, plain.getStartTimeUnixNano());
        assertEquals(2_000, plain.getTimeUnixNano());
        assertTrue(registry.isEmpty());
    }

    @Test
    void collectResetsAndLeavesQuietSeriesOut() {
        Counter counter = registry.counter("c", "1", "");
        counter.add(4, Attributes.of("a", "1"));
        counter.add(4, Attributes.of("a", "2"));
        clock.set(2_000);
        registry.collect();

        counter.add(1, Attributes.of("a", "2"));
        clock.set(3_000);
        List<Metric> second = registry.collect();

        assertEquals(1, second.getFirst().getSum().getDataPointsCount());
        NumberDataPoint point = second.getFirst().getSum().getDataPoints(0);
        assertEquals(1, point.getAsInt());
        assertEquals(2_000, point.getStartTimeUnixNano(), "a delta starts where the previous collect ended");
        assertEquals(3_000, point.getTimeUnixNano());
        assertEquals(List.of(), registry.collect());
    }

    @Test
    void aZeroAddIsARecordedSeriesAndANegativeOneIsIgnored() {
        Counter counter = registry.counter("c", "1", "");
        counter.add(-3, Attributes.empty());
        assertTrue(registry.isEmpty());
        counter.add(0, Attributes.empty());
        List<Metric> metrics = registry.collect();
        assertEquals(0, metrics.getFirst().getSum().getDataPoints(0).getAsInt());
    }

    @Test
    void histogramsCountBucketsWithInclusiveUpperBounds() {
        Histogram duration = registry.histogram("faas.invoke_duration", "s", "invocation time", List.of(0.1, 1.0));
        duration.record(0.05, Attributes.empty());
        duration.record(0.1, Attributes.empty());
        duration.record(0.5, Attributes.empty());
        duration.record(3.0, Attributes.empty());
        duration.record(Double.NaN, Attributes.empty());

        Metric metric = registry.collect().getFirst();

        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, metric.getHistogram().getAggregationTemporality());
        HistogramDataPoint point = metric.getHistogram().getDataPoints(0);
        assertEquals(4, point.getCount());
        assertEquals(3.65, point.getSum(), 1e-9);
        assertEquals(0.05, point.getMin());
        assertEquals(3.0, point.getMax());
        assertEquals(List.of(2L, 1L, 1L), point.getBucketCountsList());
        assertEquals(List.of(0.1, 1.0), point.getExplicitBoundsList());
        assertEquals(List.of(), registry.collect());
    }

    @Test
    void histogramMinAndMaxStartOverAfterACollect() {
        Histogram histogram = registry.histogram("h", "s", "", List.of());
        histogram.record(10, Attributes.empty());
        registry.collect();
        histogram.record(2, Attributes.empty());
        HistogramDataPoint point = registry.collect().getFirst().getHistogram().getDataPoints(0);
        assertEquals(2, point.getMin());
        assertEquals(2, point.getMax());
        assertEquals(List.of(1L), point.getBucketCountsList());
    }

    @Test
    void gaugesKeepTheLastValue() {
        Gauge gauge = registry.gauge("lambdascope.buffer.bytes", "By", "");
        gauge.set(10, Attributes.empty());
        gauge.set(7, Attributes.empty());
        Metric metric = registry.collect().getFirst();
        assertEquals(1, metric.getGauge().getDataPointsCount());
        assertEquals(7.0, metric.getGauge().getDataPoints(0).getAsDouble());
        assertEquals(List.of(), registry.collect());
    }

    @Test
    void metricsComeInCreationOrder() {
        registry.histogram("b", "s", "", List.of(1.0)).record(1, Attributes.empty());
        registry.counter("a", "1", "").add(1, Attributes.empty());
        registry.gauge("c", "1", "").set(1, Attributes.empty());
        assertEquals(List.of("b", "a", "c"), registry.collect().stream().map(Metric::getName).toList());
    }

    @Test
    void theSameNameGivesTheSameInstrument() {
        assertSame(registry.counter("x", "1", ""), registry.counter("x", "1", ""));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("x", "1", ""));
    }

    @Test
    void histogramBoundsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h", "s", "", List.of(1.0, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h2", "s", "", List.of(Double.POSITIVE_INFINITY)));
    }

    @Test
    void concurrentAddsAreAllCounted() throws InterruptedException {
        Counter counter = registry.counter("c", "1", "");
        Attributes series = Attributes.of("k", "v");
        int threads = 4;
        int adds = 10_000;
        CountDownLatch done = new CountDownLatch(threads);
        long collected = 0;
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < adds; i++) {
                    counter.add(1, series);
                }
                done.countDown();
            });
        }
        while (done.getCount() > 0) {
            collected += sum(registry.collect());
        }
        collected += sum(registry.collect());
        assertEquals((long) threads * adds, collected);
    }

    private static long sum(List<Metric> metrics) {
        return metrics.stream().flatMap(m -> m.getSum().getDataPointsList().stream()).mapToLong(NumberDataPoint::getAsInt).sum();
    }
}
