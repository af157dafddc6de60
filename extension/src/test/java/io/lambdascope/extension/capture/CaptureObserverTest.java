package io.lambdascope.extension.capture;

import io.lambdascope.extension.config.Configuration;
import io.lambdascope.extension.http.HttpHead;
import io.lambdascope.extension.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CaptureObserverTest {

    @Test
    void tellsOfAnIdleRuntimeAsItAsksForItsNextEventAndAtNoOtherRequest() throws IOException {
        Configuration config = Configuration.from(Map.of());
        AtomicInteger idle = new AtomicInteger();
        CaptureObserver observer = new CaptureObserver(EventCapture.of(config.capture(), config.redaction(), config.sampling()),
                new CapturedInvocations(span -> { }, true), (requestId, tracing) -> { }, idle::incrementAndGet, new MetricRegistry());

        observer.keepRequest(head("POST /2018-06-01/runtime/invocation/r-1/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n"));
        observer.keepRequest(head("POST /2018-06-01/runtime/invocation/r-2/error HTTP/1.1\r\nContent-Length: 2\r\n\r\n"));
        assertEquals(0, idle.get(), "an answer is in flight");

        observer.keepRequest(head("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n"));
        assertEquals(1, idle.get());
    }

    private static HttpHead head(String text) throws IOException {
        return HttpHead.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).orElseThrow();
    }
}
