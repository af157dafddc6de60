package io.lambdascope.extension.export;

import java.util.Optional;

/**
 * The outcome of one {@link Exporter#export} call, with what the flush needs for its accounting.
 *
 * @param outcome whether the data arrived, was refused for good, or may be sent again later
 * @param attempts requests made (0 when the deadline had already passed)
 * @param bytesSent request body bytes written over all attempts, after compression
 * @param rejectedItems items the backend refused in a partial-success answer
 * @param problem a one-line description of the last failure, free of header values
 */
public record ExportResult(Outcome outcome, int attempts, long bytesSent, long rejectedItems, Optional<String> problem) {

    /** What became of the data. */
    public enum Outcome {
        /** The backend accepted the request (maybe partly: see {@link #rejectedItems()}). */
        SENT,
        /** The backend refused it for good (a 4xx other than 429, or a body it cannot read): drop it. */
        REJECTED,
        /** Retryable failures until attempts or time ran out: the data may be kept and sent later. */
        FAILED
    }

    /** Whether the backend has the data. */
    public boolean sent() {
        return outcome == Outcome.SENT;
    }
}
