package io.lambdascope.sandbox.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The wire form of events and batches, byte for byte as Lambda writes them. */
final class EventJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Lambda always writes milliseconds, even when they are zero: 2022-10-12T00:00:15.000Z. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventJson() {
    }

    /** Formats an instant the way every Telemetry API timestamp is written. */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** One event as a JSON object: time, type, record. */
    static byte[] event(TelemetryEvent event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("time", time(event.time()));
        envelope.put("type", event.type());
        envelope.put("record", event.record());
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("event record cannot be written as JSON: " + event.type(), e);
        }
    }

    /** The body of one delivery: a JSON array of already serialized events. */
    static byte[] batch(List<byte[]> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batchSize(events.size(), sum(events)));
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(events.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** Size of a batch body holding {@code count} events of {@code eventBytes} bytes in total. */
    static int batchSize(int count, long eventBytes) {
        return (int) Math.min(Integer.MAX_VALUE, 2 + eventBytes + Math.max(0, count - 1));
    }

    private static long sum(List<byte[]> events) {
        long total = 0;
        for (byte[] event : events) {
            total += event.length;
        }
        return total;
    }
}
