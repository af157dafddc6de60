package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.metrics.v1.Metric;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the three instruments share: identity, series by attributes, and the registry to tell when
 * something was recorded. Series live as long as the registry; each collect resets them, so a
 * series that stays quiet is left out of the next collect and costs nothing but its entry.
 *
 * @param <S> the series type
 */
abstract sealed class Instrument<S> permits Counter, Histogram, Gauge {

    private final String name;
    private final String unit;
    private final String description;
    private final MetricRegistry registry;
    private final ConcurrentHashMap<Attributes, S> series = new ConcurrentHashMap<>();
    private final Function<Attributes, S> newSeries;

    Instrument(String name, String unit, String description, MetricRegistry registry) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        this.name = name;
        this.unit = unit == null ? "" : unit;
        this.description = description == null ? "" : description;
        this.registry = registry;
        this.newSeries = attributes -> newSeries();
    }

    /** The metric name. */
    public String name() {
        return name;
    }

    /** The unit, UCUM as OpenTelemetry writes it ({@code s}, {@code By}, {@code {item}}). */
    public String unit() {
        return unit;
    }

    /** What the metric means. */
    public String description() {
        return description;
    }

    abstract S newSeries();

    /**
     * The series' points since the previous collect, resetting them; empty when nothing was
     * recorded.
     */
    abstract Optional<Metric> collect(Iterable<java.util.Map.Entry<Attributes, S>> series, long startNanos, long nowNanos);

    final S series(Attributes attributes) {
        S existing = series.get(attributes);
        return existing != null ? existing : series.computeIfAbsent(attributes, newSeries);
    }

    final void recorded() {
        registry.recorded();
    }

    final Optional<Metric> collect(long startNanos, long nowNanos) {
        return collect(series.entrySet(), startNanos, nowNanos);
    }

    final Metric.Builder metric() {
        return Metric.newBuilder().setName(name).setUnit(unit).setDescription(description);
    }
}
