package io.lambdascope.extension.flush;

import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.Counter;
import io.lambdascope.extension.metrics.Histogram;
import io.lambdascope.extension.metrics.MetricRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The extension's own health as {@code lambdascope.*} metrics, exported with the function's, and
 * as totals for the line the extension logs at shutdown.
 */
public final class ExportHealth {

    /** Why items were dropped, as the {@code reason} attribute says it. */
    public enum DropReason {
        /** The buffer was full: the oldest items made room. */
        BUFFER_FULL("buffer_full"),
        /** The backend refused them for good. */
        REJECTED("rejected"),
        /** The environment ended before they could be sent. */
        SHUTDOWN("shutdown"),
        /**
         * The environment ended while their export was waiting for the backend's answer: the
         * backend may have them or not. Counted with the drops, since nothing confirms them.
         */
        SHUTDOWN_UNCONFIRMED("shutdown_unconfirmed"),
        /** Lambda dropped them before they reached the extension, and said so in {@code platform.logsDropped}. */
        LAMBDA_LOGS_DROPPED("lambda_logs_dropped");

        private final String text;

        DropReason(String text) {
            this.text = text;
        }

        /** The attribute value. */
        public String text() {
            return text;
        }
    }

    private static final List<Double> MILLISECOND_BOUNDS = List.of(0.0, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0);

    private final Counter attempts;
    private final Counter failures;
    private final Counter bytes;
    private final Counter exported;
    private final Counter dropped;
    private final Histogram addedTime;
    private final Counter savedTime;
    private final Counter refused;
    private final Map<String, LongAdder> droppedTotals = new ConcurrentHashMap<>();
    private final LongAdder exportedTotal = new LongAdder();
    private final LongAdder failedExports = new LongAdder();
    private final LongAdder savedMillisTotal = new LongAdder();

    /**
     * Instruments in the registry.
     *
     * @param metrics the registry the function's metrics are in too
     */
    public ExportHealth(MetricRegistry metrics) {
        attempts = metrics.counter("lambdascope.export.attempts", "{request}", "Export requests made, retries included");
        failures = metrics.counter("lambdascope.export.failures", "{request}", "Export calls that did not deliver their items");
        bytes = metrics.counter("lambdascope.export.bytes", "By", "Request body bytes sent, after compression");
        exported = metrics.counter("lambdascope.export.items", "{item}", "Items the backend accepted");
        dropped = metrics.counter("lambdascope.items.dropped", "{item}", "Items dropped, by signal and reason");
        addedTime = metrics.histogram("lambdascope.invocation.added_time", "ms",
                "Time the extension held an invocation after its runtime was done", MILLISECOND_BOUNDS);
        savedTime = metrics.counter("lambdascope.breaker.saved_time", "ms",
                "Overhead budget not spent waiting on a failing backend while the circuit breaker was open");
        refused = metrics.counter("lambdascope.telemetry.refused", "{item}",
                "Telemetry API bodies or events the listener could not take, by reason");
    }

    /** Accounts for one export call of {@code items} items. */
    void exported(Signal signal, int items, ExportResult result) {
        Attributes attributes = Attributes.of("signal", signal.text());
        attempts.add(result.attempts(), attributes);
        bytes.add(result.bytesSent(), attributes);
        switch (result.outcome()) {
            case SENT -> {
                exported.add(items - result.rejectedItems(), attributes);
                exportedTotal.add(items - result.rejectedItems());
                if (result.rejectedItems() > 0) {
                    dropped(signal, DropReason.REJECTED, result.rejectedItems());
                }
            }
            case REJECTED -> {
                failures.add(1, attributes);
                failedExports.increment();
                dropped(signal, DropReason.REJECTED, items);
            }
            case FAILED -> {
                failures.add(1, attributes);
                failedExports.increment();
            }
        }
    }

    /** Accounts for dropped items. */
    public void dropped(Signal signal, DropReason reason, long items) {
        if (items > 0) {
            dropped.add(items, Attributes.of("signal", signal.text(), "reason", reason.text()));
            droppedTotals.computeIfAbsent(signal.text() + " " + reason.text(), key -> new LongAdder()).add(items);
        }
    }

    /**
     * Accounts for log records Lambda dropped, in the totals of the shutdown line only: the
     * converter counts them in {@code lambdascope.items.dropped} as it reads the event.
     */
    public void droppedByLambda(long records) {
        if (records > 0) {
            droppedTotals.computeIfAbsent(Signal.LOGS.text() + " " + DropReason.LAMBDA_LOGS_DROPPED.text(), key -> new LongAdder()).add(records);
        }
    }

    /** An invocation was held this long after its runtime was done. */
    public void held(Duration time) {
        addedTime.record(time.toNanos() / 1e6, Attributes.empty());
    }

    /** The breaker spared an invocation this wait. */
    public void saved(Duration time) {
        savedTime.add(time.toMillis(), Attributes.empty());
        savedMillisTotal.add(time.toMillis());
    }

    /** The Telemetry API listener refused bodies or events. */
    public void refused(String reason, long count) {
        refused.add(count, Attributes.of("reason", reason));
    }

    /** One line for the log: what was exported, failed, dropped and saved over the environment's life. */
    public String summary() {
        StringBuilder line = new StringBuilder("exported ").append(exportedTotal.sum()).append(" items, ")
                .append(failedExports.sum()).append(" failed exports, dropped ");
        if (droppedTotals.isEmpty()) {
            line.append("none");
        } else {
            line.append(String.join(", ", droppedTotals.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(entry -> entry.getValue().sum() + " " + entry.getKey()).toList()));
        }
        return line.append(", breaker saved ").append(savedMillisTotal.sum()).append(" ms").toString();
    }

    /** Items dropped for a reason, all signals. */
    public long droppedTotal(DropReason reason) {
        return droppedTotals.entrySet().stream().filter(entry -> entry.getKey().endsWith(" " + reason.text()))
                .mapToLong(entry -> entry.getValue().sum()).sum();
    }
}
