package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;

import java.util.Map;
import java.util.Optional;

/** The last value set per series, exported as an OTLP {@code Gauge}. */
public final class Gauge extends Instrument<Gauge.Cell> {

    Gauge(String name, String unit, String description, MetricRegistry registry) {
        super(name, unit, description, registry);
    }

    /**
     * Sets the series of the given attributes; a later value replaces it until the next collect.
     *
     * @param value the value
     * @param attributes the series
     */
    public void set(double value, Attributes attributes) {
        series(attributes).set(value);
        recorded();
    }

    @Override
    Cell newSeries() {
        return new Cell();
    }

    @Override
    Optional<Metric> collect(Iterable<Map.Entry<Attributes, Cell>> series, long startNanos, long nowNanos) {
        io.opentelemetry.proto.metrics.v1.Gauge.Builder gauge = null;
        for (Map.Entry<Attributes, Cell> entry : series) {
            Cell cell = entry.getValue();
            double value;
            synchronized (cell) {
                if (!cell.recorded) {
                    continue;
                }
                value = cell.value;
                cell.recorded = false;
            }
            if (gauge == null) {
                gauge = io.opentelemetry.proto.metrics.v1.Gauge.newBuilder();
            }
            gauge.addDataPoints(NumberDataPoint.newBuilder()
                    .addAllAttributes(entry.getKey().toProto())
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(nowNanos)
                    .setAsDouble(value));
        }
        return gauge == null ? Optional.empty() : Optional.of(metric().setGauge(gauge).build());
    }

    /** One series: its last value and whether it was set since the last collect. */
    static final class Cell {
        private double value;
        private boolean recorded;

        synchronized void set(double newValue) {
            value = newValue;
            recorded = true;
        }
    }
}
