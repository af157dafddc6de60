package io.lambdascope.sandbox.telemetry;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one extension's subscription delivered, dropped and failed to deliver. Shared by the
 * subscribers that replace one another when an extension subscribes again, so the report covers
 * the extension's whole run.
 */
final class DeliveryCounts {

    private int batchesDelivered;
    private final Map<String, Integer> eventsByType = new TreeMap<>();
    private long bytesDelivered;
    private long droppedRecords;
    private int deliveryFailures;

    synchronized void delivered(List<QueuedEvent> batch, int bodyBytes) {
        batchesDelivered++;
        bytesDelivered += bodyBytes;
        for (QueuedEvent event : batch) {
            eventsByType.merge(event.type(), 1, Integer::sum);
        }
    }

    synchronized void failed() {
        deliveryFailures++;
    }

    synchronized void dropped(long records) {
        droppedRecords += records;
    }

    synchronized SubscriberReport report(String extensionName, Subscription subscription) {
        Buffering buffering = subscription.buffering();
        return new SubscriberReport(extensionName, subscription.types(), buffering.maxItems(), buffering.maxBytes(),
                buffering.timeoutMs(), batchesDelivered, eventsByType, bytesDelivered, droppedRecords, deliveryFailures);
    }
}
