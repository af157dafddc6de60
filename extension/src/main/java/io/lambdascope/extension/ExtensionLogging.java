package io.lambdascope.extension;

import io.lambdascope.extension.config.LogLevel;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The extension logs through {@link System.Logger}, which the JDK backs with
 * {@code java.util.logging}; this configures that backend once: one compact line per record on
 * standard output, which Lambda sends to CloudWatch next to the function's own lines.
 */
final class ExtensionLogging {

    // java.util.logging keeps loggers weakly: without these references the levels could be lost.
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger HELIDON = Logger.getLogger("io.helidon");
    private static final Logger EXTENSION = Logger.getLogger("io.lambdascope");

    private ExtensionLogging() {
    }

    /** Sends the extension's records at or above the level to standard output; Helidon only its warnings. */
    static synchronized void configure(LogLevel level) {
        for (Handler handler : ROOT.getHandlers()) {
            ROOT.removeHandler(handler);
        }
        Level julLevel = julLevel(level.level());
        ROOT.addHandler(new StandardOutput(julLevel));
        // Debug and trace are for the extension's own loggers: the JDK's would fill the log with
        // certificate and connection details.
        ROOT.setLevel(julLevel.intValue() < Level.INFO.intValue() ? Level.INFO : julLevel);
        EXTENSION.setLevel(julLevel);
        // Helidon announces its features and sockets at INFO; that is noise in a function's log.
        HELIDON.setLevel(level == LogLevel.OFF ? Level.OFF : Level.WARNING);
    }

    static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }

    /** A handler on {@code System.out} (not {@code System.err}) that flushes every line. */
    private static final class StandardOutput extends StreamHandler {

        StandardOutput(Level level) {
            super(System.out, new OneLine());
            setLevel(level);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            // System.out belongs to the process, not to this handler.
            flush();
        }
    }

    /** {@code [lambdascope] LEVEL Source: message (exception)}. */
    static final class OneLine extends Formatter {

        @Override
        public String format(LogRecord record) {
            String source = record.getLoggerName() == null ? "" : record.getLoggerName();
            source = source.substring(source.lastIndexOf('.') + 1);
            String message = formatMessage(record).replace('\n', ' ');
            Throwable thrown = record.getThrown();
            String cause = thrown == null || message.contains(String.valueOf(thrown.getMessage())) ? "" : " (" + thrown + ")";
            return "[lambdascope] %s %s: %s%s%n".formatted(levelName(record.getLevel()), source, message, cause);
        }

        private static String levelName(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (value >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (value >= Level.INFO.intValue()) {
                return "INFO";
            }
            return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}
