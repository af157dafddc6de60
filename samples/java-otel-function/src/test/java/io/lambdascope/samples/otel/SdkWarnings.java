package io.lambdascope.samples.otel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the OpenTelemetry SDK reported as going wrong, through java.util.logging: a failed export
 * shows only there, since exporting never throws.
 */
final class SdkWarnings extends Handler {

    private static final Logger SDK = Logger.getLogger("io.opentelemetry");

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** Starts listening to the SDK's loggers. */
    static SdkWarnings listen() {
        SdkWarnings listener = new SdkWarnings();
        SDK.addHandler(listener);
        return listener;
    }

    /** Every warning or worse so far, as "logger: message". */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(record.getLoggerName() + ": " + record.getMessage()
                    + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")"));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        SDK.removeHandler(this);
    }
}
