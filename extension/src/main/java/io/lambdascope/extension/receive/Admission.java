package io.lambdascope.extension.receive;

import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.Counter;

import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the request bodies the receivers read and parse at once, so that a function's SDKs
 * sending many large requests together cannot take the extension past its heap: sixteen 4 MB
 * OTLP/JSON requests at once made it run out of heap and exit, and the function's invocations
 * then timed out. Each body is admitted for the bytes it may take (its announced length, or the
 * most a body may be when it is compressed or its length is not told) and holds them until its
 * request is answered. A request that finds no room waits its turn, first come first served, for
 * up to the overhead budget, as a request waits for room in a full buffer; then it is refused as
 * a full buffer refuses (HTTP 503 with {@code Retry-After}, gRPC {@code UNAVAILABLE}), and the
 * SDK sends it again later.
 */
public final class Admission {

    /**
     * One of the largest bodies at a time, or any number of small ones. Parsed, a body takes
     * several times its size (a 4 MB OTLP/JSON request of 15,000 spans, about 25 MB of heap
     * while it is read and taken in); two at a time still took the heap to its bound.
     */
    static final int BUDGET = OtlpHttpReceiver.MAX_BODY;

    private final Semaphore room;
    private final long waitMillis;
    private final Counter refused;

    /**
     * @param budget the bytes admitted at once
     * @param waitMillis how long a request waits for room
     * @param refused counts the requests refused, by signal
     */
    Admission(int budget, long waitMillis, Counter refused) {
        this.room = new Semaphore(budget, true);
        this.waitMillis = waitMillis;
        this.refused = refused;
    }

    /**
     * The bytes a body is admitted for.
     *
     * @param contentLength the request's {@code Content-Length}, when it has one
     * @param compressed whether the body is compressed, so that it inflates to an unknown size
     */
    static int weight(OptionalLong contentLength, boolean compressed) {
        if (compressed || contentLength.isEmpty()) {
            return OtlpHttpReceiver.MAX_BODY;
        }
        // A longer body is refused as it is read, after MAX_BODY + 1 bytes.
        return (int) Math.clamp(contentLength.getAsLong(), 0, OtlpHttpReceiver.MAX_BODY);
    }

    /**
     * Waits for room for a body; {@link #leave} must follow once its request is answered.
     *
     * @param bytes its {@link #weight}
     * @param signal what the request carries, for the count of refusals
     * @return false when no room came in time: the request is to be refused
     */
    boolean enter(int bytes, String signal) {
        try {
            if (room.tryAcquire(bytes, waitMillis, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refused.add(1, Attributes.of("signal", signal));
        return false;
    }

    /** A body admitted with {@link #enter} is done with. */
    void leave(int bytes) {
        room.release(bytes);
    }
}
