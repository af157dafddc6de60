package io.lambdascope.extension.convert;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;

/** Where converted telemetry goes: the buffer that batches it for export. */
public interface Converted {

    /**
     * A finished span, emitted once.
     *
     * @param span the span
     */
    void span(Span span);

    /**
     * A log record.
     *
     * @param record the record
     */
    void log(LogRecord record);

    /**
     * Lambda told of log records it dropped before they reached the extension
     * ({@code platform.logsDropped}); they are already counted in {@code lambdascope.items.dropped}.
     *
     * @param records how many
     */
    default void droppedByLambda(long records) {
    }
}
