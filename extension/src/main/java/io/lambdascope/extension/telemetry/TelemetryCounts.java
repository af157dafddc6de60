package io.lambdascope.extension.telemetry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A sink that counts events by type and logs each batch at debug level. */
public final class TelemetryCounts implements TelemetrySink {

    private static final System.Logger LOG = System.getLogger(TelemetryCounts.class.getName());

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void accept(List<TelemetryEvent> batch) {
        for (TelemetryEvent event : batch) {
            counts.computeIfAbsent(event.type(), type -> new LongAdder()).increment();
        }
        // This log's own lines come back as "extension" events: logging batches made only of them
        // would feed itself at debug level.
        if (batch.stream().anyMatch(event -> !event.type().equals("extension"))) {
            LOG.log(System.Logger.Level.DEBUG, () -> "telemetry batch of %d events; totals %s".formatted(batch.size(), snapshot()));
        }
    }

    /** Events received of one type. */
    public long count(String type) {
        LongAdder adder = counts.get(type);
        return adder == null ? 0 : adder.sum();
    }

    /** Events received by type, sorted by type. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((type, adder) -> copy.put(type, adder.sum()));
        return copy;
    }
}
