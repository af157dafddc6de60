package io.lambdascope.extension.export;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Logs export failures without flooding the function's log: a failing backend fails every flush,
 * and a line per flush would cost the user money in CloudWatch and hide everything else. A cause
 * (a status, an exception type) is logged at WARNING when it first appears, again only after
 * {@link #QUIET_NANOS} of repeating, and every occurrence at DEBUG. The first success after a
 * warning is logged once at INFO.
 *
 * <p>Messages given here must not hold header values or payloads. Thread-safe.
 */
final class FailureLog {

    /** How long one cause stays quiet at WARNING once logged. */
    static final long QUIET_NANOS = 60_000_000_000L;

    private final System.Logger log;
    private final LongSupplier nanoTime;
    private String lastCause;
    private long lastWarningNanos;
    private long repeats;
    private boolean warned;

    FailureLog(System.Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * A failure.
     *
     * @param cause what identifies the failure, short and stable: {@code "status 503"}, {@code "ConnectException"}
     * @param message the line to log
     * @return whether it was logged at WARNING
     */
    boolean failure(String cause, Supplier<String> message) {
        long now = nanoTime.getAsLong();
        String line;
        synchronized (this) {
            if (cause.equals(lastCause) && now - lastWarningNanos < QUIET_NANOS) {
                repeats++;
                log.log(DEBUG, message);
                return false;
            }
            line = message.get() + (cause.equals(lastCause) && repeats > 0 ? " (" + repeats + " more since the last warning)" : "");
            lastCause = cause;
            lastWarningNanos = now;
            repeats = 0;
            warned = true;
        }
        log.log(WARNING, line);
        return true;
    }

    /** A success: ends a burst of failures, saying so when it was warned about. */
    void success(Supplier<String> message) {
        synchronized (this) {
            if (!warned) {
                return;
            }
            warned = false;
        }
        log.log(INFO, message);
    }
}
