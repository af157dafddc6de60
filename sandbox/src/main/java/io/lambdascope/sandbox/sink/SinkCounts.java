package io.lambdascope.sandbox.sink;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the sink has counted, shaped for the sandbox's run report: Jackson serialises it as is.
 * {@code requests} = {@code accepted} + {@code rejected} + {@code faulted} once no request is in
 * flight.
 *
 * @param requests every request that reached the sink
 * @param accepted requests decoded and kept
 * @param rejected requests answered 4xx for the client's mistake: unknown path, method, content type or encoding, undecodable body
 * @param faulted requests answered (or not) by the {@link Fault} in force; their payloads are not kept
 * @param spans spans in accepted requests
 * @param metricPoints metric data points of every kind in accepted requests
 * @param logRecords log records in accepted requests
 * @param signals accepted requests and items per signal, keyed {@code traces}, {@code metrics}, {@code logs}
 * @param services items per {@code service.name} resource attribute ({@value Signal#UNKNOWN_SERVICE} when absent)
 */
public record SinkCounts(long requests, long accepted, long rejected, long faulted,
                         long spans, long metricPoints, long logRecords,
                         Map<String, SignalCounts> signals, Map<String, ServiceCounts> services) {

    /** Copies the maps, sorted by key so that a report reads the same from run to run. */
    public SinkCounts {
        signals = Collections.unmodifiableMap(new TreeMap<>(signals));
        services = Collections.unmodifiableMap(new TreeMap<>(services));
    }

    /** Accepted requests and the items they held for one signal. */
    public record SignalCounts(long requests, long items) {
    }

    /** The items one service sent. */
    public record ServiceCounts(long spans, long metricPoints, long logRecords) {

        ServiceCounts plus(Signal signal, long items) {
            return switch (signal) {
                case TRACES -> new ServiceCounts(spans + items, metricPoints, logRecords);
                case METRICS -> new ServiceCounts(spans, metricPoints + items, logRecords);
                case LOGS -> new ServiceCounts(spans, metricPoints, logRecords + items);
            };
        }
    }

    /** One line for the terminal. */
    public String summary() {
        String perService = services.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().spans() + " spans, " + e.getValue().metricPoints()
                        + " metric points, " + e.getValue().logRecords() + " log records)")
                .collect(Collectors.joining(", "));
        return requests + " requests (" + accepted + " accepted, " + rejected + " rejected, " + faulted + " faulted); "
                + spans + " spans, " + metricPoints + " metric points, " + logRecords + " log records"
                + (perService.isEmpty() ? "" : "; services: " + perService);
    }
}
