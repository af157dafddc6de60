package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.metrics.v1.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A small metric registry with delta temporality: each {@link #collect()} returns what was recorded
 * since the previous one, as OTLP metrics, and starts over. It exists because the extension needs a
 * handful of counters and histograms, not an SDK; delta suits a process that may be frozen between
 * invocations and killed at any time, since nothing depends on a cumulative start.
 *
 * <p>Thread-safe. Asking twice for an instrument of the same name returns the same instrument.
 */
public final class MetricRegistry {

    private final LongSupplier clockNanos;
    private final Map<String, Instrument<?>> instruments = new LinkedHashMap<>();
    private volatile boolean dirty;
    private long lastCollectNanos;

    /** A registry on the wall clock, in epoch nanoseconds at millisecond precision. */
    public MetricRegistry() {
        this(() -> TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()));
    }

    /**
     * A registry on the given clock.
     *
     * @param clockNanos epoch nanoseconds
     */
    MetricRegistry(LongSupplier clockNanos) {
        this.clockNanos = clockNanos;
        this.lastCollectNanos = clockNanos.getAsLong();
    }

    /**
     * A monotonic counter, exported as a delta {@code Sum}.
     *
     * @param name the metric name
     * @param unit the unit ({@code {item}}, {@code By}, ...)
     * @param description what it counts
     * @return the counter
     */
    public Counter counter(String name, String unit, String description) {
        return instrument(name, Counter.class, () -> new Counter(name, unit, description, this));
    }

    /**
     * A histogram over explicit bounds, exported with delta temporality.
     *
     * @param name the metric name
     * @param unit the unit ({@code s}, {@code By}, ...)
     * @param description what it measures
     * @param bounds the bucket bounds, increasing
     * @return the histogram
     */
    public Histogram histogram(String name, String unit, String description, List<Double> bounds) {
        return instrument(name, Histogram.class, () -> new Histogram(name, unit, description, bounds, this));
    }

    /**
     * A gauge: the last value set per series.
     *
     * @param name the metric name
     * @param unit the unit
     * @param description what it shows
     * @return the gauge
     */
    public Gauge gauge(String name, String unit, String description) {
        return instrument(name, Gauge.class, () -> new Gauge(name, unit, description, this));
    }

    /**
     * What was recorded since the previous collect, one {@link Metric} per instrument with at least
     * one recorded series, in the order the instruments were created; resets every series.
     *
     * @return the metrics, empty when nothing was recorded
     */
    public List<Metric> collect() {
        List<Instrument<?>> all;
        long start;
        long now;
        synchronized (this) {
            // Cleared before reading: a value recorded meanwhile is either read now or sets it again.
            dirty = false;
            all = List.copyOf(instruments.values());
            start = lastCollectNanos;
            now = Math.max(start, clockNanos.getAsLong());
            lastCollectNanos = now;
        }
        List<Metric> metrics = new ArrayList<>();
        for (Instrument<?> instrument : all) {
            instrument.collect(start, now).ifPresent(metrics::add);
        }
        return metrics;
    }

    /** Whether nothing was recorded since the last collect. */
    public boolean isEmpty() {
        return !dirty;
    }

    void recorded() {
        if (!dirty) {
            dirty = true;
        }
    }

    private synchronized <T extends Instrument<?>> T instrument(String name, Class<T> kind,
                                                                java.util.function.Supplier<T> create) {
        Instrument<?> existing = instruments.get(name);
        if (existing == null) {
            T created = create.get();
            instruments.put(name, created);
            return created;
        }
        if (!kind.isInstance(existing)) {
            throw new IllegalArgumentException("metric " + name + " already exists as a "
                    + existing.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        return kind.cast(existing);
    }
}
