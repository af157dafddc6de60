package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A distribution over explicit bucket bounds, exported as an OTLP {@code Histogram} with delta
 * temporality, with count, sum, min and max. A bucket holds the values above its lower bound up to
 * and including its upper bound, as OpenTelemetry defines it.
 */
public final class Histogram extends Instrument<Histogram.Cell> {

    private final double[] bounds;
    private final List<Double> boundList;

    Histogram(String name, String unit, String description, List<Double> bounds, MetricRegistry registry) {
        super(name, unit, description, registry);
        this.bounds = new double[bounds.size()];
        for (int i = 0; i < this.bounds.length; i++) {
            double bound = bounds.get(i);
            if (!Double.isFinite(bound) || (i > 0 && bound <= this.bounds[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must be finite and increasing: " + bounds);
            }
            this.bounds[i] = bound;
        }
        this.boundList = List.copyOf(bounds);
    }

    /** The bucket bounds. */
    public List<Double> bounds() {
        return boundList;
    }

    /**
     * Records one value in the series of the given attributes. NaN is ignored.
     *
     * @param value the value
     * @param attributes the series
     */
    public void record(double value, Attributes attributes) {
        if (Double.isNaN(value)) {
            return;
        }
        series(attributes).record(value, bucket(value));
        recorded();
    }

    private int bucket(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        return i;
    }

    @Override
    Cell newSeries() {
        return new Cell(bounds.length + 1);
    }

    @Override
    Optional<Metric> collect(Iterable<Map.Entry<Attributes, Cell>> series, long startNanos, long nowNanos) {
        io.opentelemetry.proto.metrics.v1.Histogram.Builder histogram = null;
        for (Map.Entry<Attributes, Cell> entry : series) {
            HistogramDataPoint.Builder point = entry.getValue().take();
            if (point == null) {
                continue;
            }
            if (histogram == null) {
                histogram = io.opentelemetry.proto.metrics.v1.Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
            }
            histogram.addDataPoints(point
                    .addAllAttributes(entry.getKey().toProto())
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(nowNanos)
                    .addAllExplicitBounds(boundList));
        }
        return histogram == null ? Optional.empty() : Optional.of(metric().setHistogram(histogram).build());
    }

    /** One series' aggregate since the last collect. */
    static final class Cell {
        private final long[] buckets;
        private long count;
        private double sum;
        private double min;
        private double max;

        Cell(int buckets) {
            this.buckets = new long[buckets];
        }

        synchronized void record(double value, int bucket) {
            if (count == 0) {
                min = value;
                max = value;
            } else {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            count++;
            sum += value;
            buckets[bucket]++;
        }

        /** The point without attributes and times, and a reset; null when nothing was recorded. */
        synchronized HistogramDataPoint.Builder take() {
            if (count == 0) {
                return null;
            }
            HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder()
                    .setCount(count).setSum(sum).setMin(min).setMax(max);
            for (int i = 0; i < buckets.length; i++) {
                point.addBucketCounts(buckets[i]);
                buckets[i] = 0;
            }
            count = 0;
            sum = 0;
            return point;
        }
    }
}
