package io.lambdascope.sandbox.telemetry;

import java.util.List;
import java.util.Map;

/**
 * What one subscriber asked for and what it received.
 *
 * @param extensionName    the subscribed extension
 * @param types            the streams it subscribed to
 * @param maxItems         buffering.maxItems in effect
 * @param maxBytes         buffering.maxBytes in effect
 * @param timeoutMs        buffering.timeoutMs in effect
 * @param batchesDelivered batches the destination acknowledged with a 2xx
 * @param eventsByType     delivered events by event type ({@code platform.start}, {@code function}, ...)
 * @param bytesDelivered   bytes of delivered batch bodies
 * @param droppedRecords   events the subscriber never received: dropped from a full queue or in a
 *                         batch given up after every retry
 * @param deliveryFailures batches given up after every retry failed
 */
public record SubscriberReport(String extensionName, List<String> types, int maxItems, int maxBytes, int timeoutMs,
        int batchesDelivered, Map<String, Integer> eventsByType, long bytesDelivered, long droppedRecords,
        int deliveryFailures) {

    /** Copies the collections so that a report never changes after it was taken. */
    public SubscriberReport {
        types = List.copyOf(types);
        eventsByType = Map.copyOf(eventsByType);
    }
}
