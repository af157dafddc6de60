package io.lambdascope.extension.export;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureLogTest {

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final FailureLog log = new FailureLog(new Recording(), clock::get);

    @Test
    void aRepeatedCauseIsWarnedOnce() {
        assertTrue(log.failure("status 503", () -> "first"));
        assertFalse(log.failure("status 503", () -> "second"));
        assertFalse(log.failure("status 503", () -> "third"));
        assertEquals(List.of("WARNING first", "DEBUG second", "DEBUG third"), lines);
    }

    @Test
    void aNewCauseIsWarnedAtOnce() {
        log.failure("status 503", () -> "unavailable");
        log.failure("timeout", () -> "silent");
        assertEquals(List.of("WARNING unavailable", "WARNING silent"), lines);
    }

    @Test
    void aCauseThatLastsIsWarnedAgainWithItsCount() {
        log.failure("timeout", () -> "silent");
        log.failure("timeout", () -> "silent");
        log.failure("timeout", () -> "silent");
        clock.addAndGet(FailureLog.QUIET_NANOS);
        log.failure("timeout", () -> "silent");
        assertEquals("WARNING silent (2 more since the last warning)", lines.getLast());
    }

    @Test
    void recoveryIsToldOnceAfterAWarning() {
        log.success(() -> "works again");
        assertTrue(lines.isEmpty(), "nothing to recover from");
        log.failure("timeout", () -> "silent");
        log.success(() -> "works again");
        log.success(() -> "works again");
        assertEquals(List.of("WARNING silent", "INFO works again"), lines);
    }

    @Test
    void flappingDoesNotRepeatTheWarning() {
        for (int i = 0; i < 10; i++) {
            log.failure("status 502", () -> "bad gateway");
            log.success(() -> "works again");
        }
        assertEquals(1, lines.stream().filter(l -> l.startsWith("WARNING")).count(), lines.toString());
    }

    /** Records "LEVEL message" lines for every level. */
    private final class Recording implements System.Logger {

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, Supplier<String> message) {
            lines.add(level.getName() + " " + message.get());
        }

        @Override
        public void log(Level level, String message) {
            lines.add(level.getName() + " " + message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            lines.add(level.getName() + " " + message);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level.getName() + " " + format);
        }
    }
}
