package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;

import java.util.Map;
import java.util.Optional;

/** A monotonic count, exported as an OTLP {@code Sum} with delta temporality. */
public final class Counter extends Instrument<Counter.Cell> {

    Counter(String name, String unit, String description, MetricRegistry registry) {
        super(name, unit, description, registry);
    }

    /**
     * Adds to the series of the given attributes. Negative values are ignored: a counter only
     * goes up.
     *
     * @param value the amount, zero or more
     * @param attributes the series
     */
    public void add(long value, Attributes attributes) {
        if (value < 0) {
            return;
        }
        series(attributes).add(value);
        recorded();
    }

    @Override
    Cell newSeries() {
        return new Cell();
    }

    @Override
    Optional<Metric> collect(Iterable<Map.Entry<Attributes, Cell>> series, long startNanos, long nowNanos) {
        Sum.Builder sum = null;
        for (Map.Entry<Attributes, Cell> entry : series) {
            long delta = entry.getValue().takeDelta();
            if (delta < 0) {
                continue;
            }
            if (sum == null) {
                sum = Sum.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .setIsMonotonic(true);
            }
            sum.addDataPoints(NumberDataPoint.newBuilder()
                    .addAllAttributes(entry.getKey().toProto())
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(nowNanos)
                    .setAsInt(delta));
        }
        return sum == null ? Optional.empty() : Optional.of(metric().setSum(sum).build());
    }

    /** One series: the sum since the last collect, or nothing recorded. */
    static final class Cell {
        private long sum;
        private boolean recorded;

        synchronized void add(long value) {
            sum += value;
            recorded = true;
        }

        /** The delta and a reset; -1 when nothing was recorded. */
        synchronized long takeDelta() {
            if (!recorded) {
                return -1;
            }
            long delta = sum;
            sum = 0;
            recorded = false;
            return delta;
        }
    }
}
