package io.lambdascope.extension.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.config.RedactionConfig;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An event is whatever the function's caller sent: reading it never throws, so an invocation
 * never fails because of capture, and a span read from it can always be ended with an answer or
 * an error, however malformed.
 */
class EventCaptureFuzzTest {
    private static final EventCapture CAPTURE = EventCapture.of(new CaptureConfig(true, true, 256, 9009),
            new RedactionConfig(List.of("x-tenant"), Optional.of(Pattern.compile("user\\..*")), List.of("token")));

    @FuzzTest(maxDuration = "3s")
    void event(byte[] event) {
        Captured captured = CAPTURE.event(event, "request-1", Optional.of("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"), CAPTURE.now());
        if (captured instanceof InvocationSpan span) {
            span.response(event);
            span.error(RuntimeError.read("Function.Error", event));
        }
    }
}
