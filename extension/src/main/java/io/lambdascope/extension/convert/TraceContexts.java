package io.lambdascope.extension.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.lambdascope.extension.config.Sampling;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * New span contexts: the trace from an X-Ray header when there is one, else a new random trace;
 * random span ids; and the sampling decision. Ids need to be unique, not unpredictable, so a fast
 * non-cryptographic generator will do (the converter runs on one thread).
 */
public final class TraceContexts {

    private final Sampling sampling;
    private final long ratioBound;
    private final SplittableRandom random;

    /**
     * Contexts decided by one sampling rule.
     *
     * @param sampling which spans are exported
     * @param random source of the ids
     */
    public TraceContexts(Sampling sampling, SplittableRandom random) {
        this.sampling = sampling;
        this.random = random;
        // As OpenTelemetry's TraceIdRatioBased sampler: keep when the trace id's last 8 bytes, as a
        // magnitude, fall under ratio * Long.MAX_VALUE, so every service sampling by ratio agrees.
        this.ratioBound = sampling.ratio() >= 1.0 ? Long.MAX_VALUE : (long) (sampling.ratio() * Long.MAX_VALUE);
    }

    /**
     * A root or remote-parented span for an invocation or a phase.
     *
     * @param header the X-Ray header Lambda reported, if any
     * @return the context
     */
    public SpanContext start(Optional<XrayHeader> header) {
        if (header.isPresent()) {
            XrayHeader xray = header.get();
            ByteString parent = xray.parentSpanId().orElse(ByteString.EMPTY);
            return new SpanContext(xray.traceId(), spanId(), parent, sampled(xray.traceId(), xray.sampled()), !parent.isEmpty());
        }
        ByteString traceId = traceId();
        return new SpanContext(traceId, spanId(), ByteString.EMPTY, sampled(traceId, Optional.empty()), false);
    }

    /** A new random span id, never all zero. */
    public ByteString spanId() {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        byte[] bytes = new byte[8];
        put(bytes, 0, id);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    private ByteString traceId() {
        long high = random.nextLong();
        long low;
        do {
            low = random.nextLong();
        } while (low == 0);
        byte[] bytes = new byte[16];
        put(bytes, 0, high);
        put(bytes, 8, low);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    /**
     * The rule of {@link Sampling}: {@code follow-xray} keeps what the header marked sampled, and
     * keeps invocations with no decision in the header (no header, or {@code Sampled=?}), since no
     * caller decided against them.
     */
    public boolean sampled(ByteString traceId, Optional<Boolean> xraySampled) {
        return switch (sampling.kind()) {
            case ALL -> true;
            case FOLLOW_XRAY -> xraySampled.orElse(true);
            case RATIO -> {
                long randomPart = 0;
                for (int i = 8; i < 16; i++) {
                    randomPart = randomPart << 8 | (traceId.byteAt(i) & 0xff);
                }
                yield randomPart == Long.MIN_VALUE ? ratioBound == Long.MAX_VALUE : Math.abs(randomPart) < ratioBound;
            }
        };
    }

    private static void put(byte[] bytes, int at, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[at + i] = (byte) value;
            value >>>= 8;
        }
    }
}
