package io.lambdascope.extension.export;

import java.util.Map;
import java.util.Optional;

/**
 * Export headers that are fetched rather than configured, such as those of
 * {@code LAMBDASCOPE_EXPORT_HEADERS_SECRET}. They are merged over the configured headers, winning
 * on the same name. While there are none (not fetched yet, or the fetch failed), the exporter sends
 * nothing, so that telemetry waits in the buffer instead of reaching the backend unauthenticated.
 *
 * <p>Implementations are thread-safe and keep values out of every message and {@code toString()}.
 */
public interface ExportCredentials {

    /** No fetched headers: the configured ones alone are sent. */
    ExportCredentials NONE = new ExportCredentials() {
        @Override
        public Optional<Map<String, String>> headers(long deadlineNanos) {
            return Optional.of(Map.of());
        }

        @Override
        public void refused(Map<String, String> sent) {
        }

        @Override
        public String problem() {
            return "";
        }
    };

    /**
     * The headers to send now, waiting for a fetch in progress at most until the deadline.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return the headers; empty while none can be had
     */
    Optional<Map<String, String>> headers(long deadlineNanos);

    /**
     * The backend answered 401 or 403 to a request with these headers: they may have been rotated,
     * so they are fetched again, once however many requests were refused with them.
     *
     * @param sent the headers the refused request carried, as {@link #headers} gave them
     */
    void refused(Map<String, String> sent);

    /** Why {@link #headers} is empty, free of values; for export results and the log. */
    String problem();
}
