package io.lambdascope.extension.capture;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Map;

import static io.lambdascope.extension.capture.Captures.attributes;
import static io.lambdascope.extension.capture.HttpCaptureTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Batches of messages: links to the traces their messages carry, and the invocation's own trace. */
class MessagingCaptureTest {

    private static String sqsRecord(String id, String traceHeader, String traceparent) {
        String attributes = traceHeader == null ? "{}" : "{\"AWSTraceHeader\":\"" + traceHeader + "\"}";
        String messageAttributes = traceparent == null ? "{}"
                : "{\"traceparent\":{\"stringValue\":\"" + traceparent + "\",\"dataType\":\"String\"}}";
        return """
                {"messageId":"%s","body":"x","attributes":%s,"messageAttributes":%s,"eventSource":"aws:sqs",
                 "eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:orders"}""".formatted(id, attributes, messageAttributes);
    }

    @Test
    void sqsRecordsLinkToTheirProducersTraces() {
        String event = "{\"Records\":[" + String.join(",",
                sqsRecord("m1", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", null),
                sqsRecord("m2", null, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"),
                sqsRecord("m3", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", null),
                sqsRecord("m4", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "not-a-traceparent")) + "]}";
        Span span = Captures.started(Captures.capture(), event).response(new byte[0]);
        assertEquals("process orders", span.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_CONSUMER, span.getKind());
        assertEquals(4L, attributes(span).get("messaging.batch.message_count"));
        // m3 repeats m1's context and m4 names no parent span: two links.
        assertEquals(2, span.getLinksCount());
        Span.Link xray = span.getLinks(0);
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), xray.getTraceId());
        assertEquals(hex("53995c3f42cd8ad8"), xray.getSpanId());
        assertEquals(Map.of("messaging.message.id", "m1"), attributes(xray.getAttributesList()));
        Span.Link w3c = span.getLinks(1);
        assertEquals(hex("0af7651916cd43dd8448eb211c80319c"), w3c.getTraceId());
        assertEquals(hex("b7ad6b7169203331"), w3c.getSpanId());
        assertEquals(0, w3c.getFlags());
    }

    @Test
    void linksStopAtTheLimit() {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            records.append(i == 0 ? "" : ",").append(sqsRecord("m" + i, null,
                    "00-0af7651916cd43dd8448eb211c80319c-%016x-01".formatted(i + 1)));
        }
        Span span = Captures.started(Captures.capture(), "{\"Records\":[" + records + "]}").response(new byte[0]);
        assertEquals(RecordLinks.MAX_LINKS, span.getLinksCount());
        assertEquals(300L, attributes(span).get("messaging.batch.message_count"));
    }

    @Test
    void snsTraceparentMessageAttributeIsLinked() {
        String event = """
                {"Records":[{"EventSource":"aws:sns","Sns":{"MessageId":"n1","TopicArn":"arn:aws:sns:eu-west-1:123456789012:news",
                 "MessageAttributes":{"traceparent":{"Type":"String","Value":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}}}}]}""";
        Span span = Captures.started(Captures.capture(), event).response(new byte[0]);
        assertEquals("process news", span.getName());
        assertEquals(1, span.getLinksCount());
        assertEquals(hex("b7ad6b7169203331"), span.getLinks(0).getSpanId());
        assertEquals("n1", attributes(span).get("messaging.message.id"));
    }

    @Test
    void aBatchJoinsTheInvocationsTraceNotAProducers() {
        Captured captured = Captures.capture().event(Captures.fixture("sqs-event.json"), "req-3",
                Optional.of("Root=1-66704f11-56b0f1d611b392cb68ad2b83;Parent=1111222233334444;Sampled=1"), Captures.START);
        Span span = assertInstanceOf(InvocationSpan.class, captured).response(new byte[0]);
        assertEquals(hex("66704f1156b0f1d611b392cb68ad2b83"), span.getTraceId());
        assertEquals(hex("1111222233334444"), span.getParentSpanId());
        assertEquals(List.of(), span.getLinksList());
    }
}
