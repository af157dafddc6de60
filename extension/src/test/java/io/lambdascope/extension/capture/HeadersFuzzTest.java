package io.lambdascope.extension.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The trace-context headers a caller controls: whatever they hold, reading them never throws,
 * and a context read from them has ids of the right size that are not all zero.
 */
class HeadersFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void traceparent(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        Optional<RemoteParent> parent = RemoteParent.traceparent(value);
        parent.ifPresent(context -> {
            assertValid(context);
            // The ids read are the ones written, whatever the case of the hex digits.
            String text = value.trim().toLowerCase(Locale.ROOT);
            assertEquals(text.substring(3, 35), HexFormat.of().formatHex(context.traceId().toByteArray()));
            assertEquals(text.substring(36, 52), HexFormat.of().formatHex(context.spanId().toByteArray()));
        });
    }

    @FuzzTest(maxDuration = "3s")
    void xray(FuzzedDataProvider data) {
        RemoteParent.xray(data.consumeRemainingAsString()).ifPresent(HeadersFuzzTest::assertValid);
    }

    private static void assertValid(RemoteParent context) {
        assertEquals(16, context.traceId().size());
        assertEquals(8, context.spanId().size());
        assertFalse(allZero(context.traceId()) || allZero(context.spanId()), "all-zero ids are invalid");
    }

    private static boolean allZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
