package io.lambdascope.extension.export;

import com.google.protobuf.Message;

/**
 * Sends one OTLP export request, retrying what may succeed on a second try, and never past the
 * deadline. Implementations are thread-safe; a flush may run while another is still retrying.
 */
public interface Exporter extends AutoCloseable {

    /**
     * Exports one request.
     *
     * @param signal which signal the request holds
     * @param request an {@code ExportTraceServiceRequest}, {@code ExportMetricsServiceRequest} or
     *                {@code ExportLogsServiceRequest} matching the signal
     * @param deadlineNanos a {@link System#nanoTime()} value after which no attempt starts and a
     *                      running attempt is abandoned
     * @return what happened; never throws for a failed export
     */
    ExportResult export(Signal signal, Message request, long deadlineNanos);

    /** Releases connections; exports after this fail. */
    @Override
    void close();
}
