package io.lambdascope.extension.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lambdascope.extension.telemetry.TelemetryBatch;

/**
 * A Telemetry API body, however malformed: the listener's parser either refuses it as unreadable
 * or yields events, and converting any events never throws, so one bad batch costs itself only.
 */
class TelemetryFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void batch(byte[] body) {
        TelemetryBatch.read(body).ifPresent(parsed -> {
            Conversion conversion = new Conversion();
            conversion.converter.accept(parsed.events());
            conversion.converter.closeOpen();
        });
    }
}
