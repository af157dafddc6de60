package io.lambdascope.extension.fake;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every record a logger and its children publish while attached, at every level; closing detaches
 * it and puts the logger's level back. The extension logs through {@link System.Logger}, which the
 * JDK backs with {@code java.util.logging}.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String name) {
        logger = Logger.getLogger(name);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures what the named logger and the loggers below it publish. */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** The records so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The warnings so far. */
    public List<LogRecord> warnings() {
        return records.stream().filter(record -> record.getLevel() == Level.WARNING).toList();
    }

    /** Each record so far as the JDK's simple formatter writes it: level, message, exception. */
    public List<String> lines() {
        SimpleFormatter format = new SimpleFormatter();
        return records.stream().map(format::format).toList();
    }

    /** A record's message with its parameters filled in. */
    public static String message(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }

    /** Forgets the records so far. */
    public void clear() {
        records.clear();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }
}
