package io.lambdascope.extension.batch;

import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TelemetryBufferTest {

    private final Map<Signal, Integer> dropped = new EnumMap<>(Signal.class);

    private static LogRecord log(long n) {
        return LogRecord.newBuilder().setTimeUnixNano(n).build();
    }

    private static Span span(long n) {
        return Span.newBuilder().setStartTimeUnixNano(n).build();
    }

    /** Every item costs 10 bytes, so the bounds are easy to reason about. */
    private TelemetryBuffer buffer(long maxBytes) {
        return new TelemetryBuffer(maxBytes, (signal, items) -> dropped.merge(signal, items, Integer::sum), item -> 10);
    }

    @Test
    void takesOldestFirstPerSignalAndCountsBytes() {
        TelemetryBuffer buffer = buffer(1000);
        buffer.add(Signal.LOGS, log(1));
        buffer.add(Signal.TRACES, span(2));
        buffer.add(Signal.LOGS, log(3));

        assertEquals(30, buffer.bytes());
        assertEquals(List.of(log(1)), buffer.take(Signal.LOGS, 1));
        assertEquals(List.of(log(3)), buffer.take(Signal.LOGS, 5));
        assertEquals(List.of(), buffer.take(Signal.LOGS, 5));
        assertEquals(10, buffer.bytes());
        assertEquals(1, buffer.size(Signal.TRACES));
    }

    @Test
    void countsWhatItTookInTheUnitsAUserReadsAndNotWhatIsPutBack() {
        TelemetryBuffer buffer = buffer(1000);
        ResourceSpans group = ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(1)).addSpans(span(2)))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(3))).build();
        buffer.add(Signal.TRACES, group);
        buffer.add(Signal.TRACES, span(4));
        buffer.add(Signal.LOGS, log(5));

        assertEquals(5, buffer.taken(), "a receiver's group counts its spans");
        assertEquals(4, buffer.count(Signal.TRACES));
        assertEquals(2, buffer.size(Signal.TRACES), "two buffered entries");
        List<Message> failed = buffer.take(Signal.TRACES, 10);
        buffer.putBack(Signal.TRACES, failed);
        assertEquals(5, buffer.taken(), "an export that failed puts its items back; they were taken once");
        assertEquals(4, buffer.count(Signal.TRACES));
    }

    @Test
    void aBatchHoldsUpToItsNumberOfSpansHoweverTheyAreGroupedAndAtLeastOneGroup() {
        TelemetryBuffer buffer = buffer(1000);
        ResourceSpans three = ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(1)).addSpans(span(2)).addSpans(span(3))).build();
        buffer.add(Signal.TRACES, span(0));
        buffer.add(Signal.TRACES, three);
        buffer.add(Signal.TRACES, span(4));
        buffer.add(Signal.TRACES, three);

        assertEquals(List.of(span(0), three), buffer.take(Signal.TRACES, 4));
        assertEquals(List.of(span(4)), buffer.take(Signal.TRACES, 3), "the next group would pass the 3");
        assertEquals(List.of(three), buffer.take(Signal.TRACES, 1), "a group larger than a batch goes alone");
        assertEquals(0, buffer.bytes());
    }

    @Test
    void pastTheBoundDropsTheOldestItemWhicheverSignalItIs() {
        TelemetryBuffer buffer = buffer(30);
        buffer.add(Signal.TRACES, span(1));
        buffer.add(Signal.LOGS, log(2));
        buffer.add(Signal.LOGS, log(3));
        buffer.add(Signal.LOGS, log(4));

        assertEquals(Map.of(Signal.TRACES, 1), dropped);
        assertEquals(0, buffer.size(Signal.TRACES));
        buffer.add(Signal.TRACES, span(5));
        assertEquals(Map.of(Signal.TRACES, 1, Signal.LOGS, 1), dropped);
        assertEquals(List.of(log(3), log(4)), buffer.take(Signal.LOGS, 10));
        assertEquals(List.of(span(5)), buffer.take(Signal.TRACES, 10));
        assertTrue(buffer.isEmpty());
        assertEquals(0, buffer.bytes());
    }

    @Test
    void itemsPutBackGoFirstAndAreTheOldestWhenTheBoundBites() {
        TelemetryBuffer buffer = buffer(40);
        buffer.add(Signal.LOGS, log(1));
        buffer.add(Signal.LOGS, log(2));
        List<Message> taken = buffer.take(Signal.LOGS, 2);
        buffer.add(Signal.LOGS, log(3));
        buffer.add(Signal.TRACES, span(4));

        buffer.putBack(Signal.LOGS, taken);
        assertEquals(List.of(log(1), log(2), log(3)), List.copyOf(buffer.take(Signal.LOGS, 3)));

        buffer.putBack(Signal.LOGS, List.of(log(1), log(2), log(3)));
        buffer.add(Signal.LOGS, log(5));
        // 5 items of 10 bytes against 40: the oldest, put back, goes.
        assertEquals(Map.of(Signal.LOGS, 1), dropped);
        assertEquals(List.of(log(2), log(3), log(5)), buffer.take(Signal.LOGS, 10));
    }

    @Test
    void aSingleItemLargerThanTheBoundIsDroppedAtOnce() {
        TelemetryBuffer buffer = new TelemetryBuffer(5, (signal, items) -> dropped.merge(signal, items, Integer::sum));
        buffer.add(Signal.LOGS, LogRecord.newBuilder().setTimeUnixNano(123456789L).build());

        assertTrue(buffer.isEmpty());
        assertEquals(Map.of(Signal.LOGS, 1), dropped);
    }

    @Test
    void sizesAreTheProtobufSizes() {
        TelemetryBuffer buffer = new TelemetryBuffer(1 << 20, (signal, items) -> { });
        LogRecord record = LogRecord.newBuilder().setSeverityText("INFO").setTimeUnixNano(1).build();
        buffer.add(Signal.LOGS, record);

        assertEquals(record.getSerializedSize(), buffer.bytes());
    }

    @Test
    void keepsItemsAsBuiltWhileExportsKeepUpAndSerializedOnceTheyFallBehind() {
        TelemetryBuffer buffer = buffer(80); // an eighth: from the second item on
        Span first = span(1);
        Span second = Span.newBuilder().setName("GET /orders").setStartTimeUnixNano(2)
                .addAttributes(KeyValue.newBuilder().setKey("http.route").setValue(AnyValue.newBuilder().setStringValue("/orders")))
                .build();
        // What a newer SDK sends: fields this build does not know go out as they came in.
        ResourceSpans received = ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(3)).addSpans(span(4)))
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build())
                .build();
        buffer.add(Signal.TRACES, first);
        buffer.add(Signal.TRACES, second);
        buffer.add(Signal.TRACES, received);
        assertEquals(4, buffer.count(Signal.TRACES));

        List<Message> taken = buffer.take(Signal.TRACES, 10);
        assertEquals(List.of(first, second, received), taken);
        assertSame(first, taken.get(0), "kept as built while the buffer was nearly empty");
        assertNotSame(second, taken.get(1), "kept serialized and read back");
        assertNotSame(received, taken.get(2));

        buffer.putBack(Signal.TRACES, taken);
        assertEquals(4, buffer.count(Signal.TRACES));
        assertEquals(30, buffer.bytes());
        List<Message> again = buffer.take(Signal.TRACES, 10);
        assertEquals(List.of(first, second, received), again);
        assertNotSame(first, again.get(0), "put back after a failed export: kept serialized");
    }

    @Test
    void keepsAtMostAMebibyteAsBuiltWhateverTheBound() {
        TelemetryBuffer buffer = new TelemetryBuffer(64L << 20, (signal, items) -> { }, item -> 256 << 10);
        List<Span> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            added.add(span(i));
            buffer.add(Signal.TRACES, added.get(i));
        }
        List<Message> taken = buffer.take(Signal.TRACES, 10);
        assertEquals(added, taken);
        for (int i = 0; i < 4; i++) {
            assertSame(added.get(i), taken.get(i), "the first mebibyte, as built");
        }
        assertNotSame(added.get(4), taken.get(4), "past it, serialized, though far from an eighth of the bound");
    }
}
