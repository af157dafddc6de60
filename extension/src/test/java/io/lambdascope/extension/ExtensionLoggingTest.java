package io.lambdascope.extension;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExtensionLoggingTest {

    private final ExtensionLogging.OneLine format = new ExtensionLogging.OneLine();

    @Test
    void writesOneCompactLinePerRecord() {
        LogRecord record = new LogRecord(Level.WARNING, "telemetry\nbatch {0} lost");
        record.setLoggerName("io.lambdascope.extension.telemetry.TelemetryListener");
        record.setParameters(new Object[] {"3"});
        record.setThrown(new IOException("connection reset"));

        assertEquals("[lambdascope] WARN TelemetryListener: telemetry batch 3 lost (java.io.IOException: connection reset)"
                + System.lineSeparator(), format.format(record));
    }

    @Test
    void namesLevelsAsTheConfigurationDoes() {
        assertEquals(Level.FINE, ExtensionLogging.julLevel(System.Logger.Level.DEBUG));
        LogRecord record = new LogRecord(Level.FINE, "x");
        record.setLoggerName("Extension");
        assertEquals("[lambdascope] DEBUG Extension: x" + System.lineSeparator(), format.format(record));
    }
}
