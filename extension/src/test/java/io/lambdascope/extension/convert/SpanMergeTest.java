package io.lambdascope.extension.convert;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpanMergeTest {

    private static final Span PLATFORM = Span.newBuilder().setName("orders").setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(1_000).setEndTimeUnixNano(9_000)
            .addAttributes(KeyValues.string("faas.invocation_id", "a"))
            .addAttributes(KeyValues.bool("faas.coldstart", true)).build();
    private static final Span CAPTURED = Span.newBuilder().setName("GET /orders").setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(2_000).setEndTimeUnixNano(8_000)
            .addAttributes(KeyValues.string("faas.invocation_id", "a"))
            .addAttributes(KeyValues.string("http.request.method", "GET"))
            .addEvents(Span.Event.newBuilder().setName("exception"))
            .addLinks(Span.Link.newBuilder().setTraceState("t"))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build();

    @Test
    void thePlatformsTimesAndAttributesWithTheTriggersNameAttributesEventsLinksAndStatus() {
        Span merged = SpanMerge.merge(PLATFORM, CAPTURED);
        assertEquals("GET /orders", merged.getName());
        assertEquals(1_000, merged.getStartTimeUnixNano(), "the platform measured the invocation");
        assertEquals(9_000, merged.getEndTimeUnixNano());
        assertEquals(List.of("faas.invocation_id", "faas.coldstart", "http.request.method"),
                merged.getAttributesList().stream().map(kv -> kv.getKey()).toList(), "each key once");
        assertEquals(1, merged.getEventsCount());
        assertEquals(1, merged.getLinksCount());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, merged.getStatus().getCode());
    }

    @Test
    void aPlatformErrorStaysAnError() {
        Span failed = PLATFORM.toBuilder().setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                .setMessage("timeout")).build();
        Span merged = SpanMerge.merge(failed, CAPTURED.toBuilder().setStatus(Status.getDefaultInstance()).build());
        assertEquals("timeout", merged.getStatus().getMessage());
    }
}
