package io.lambdascope.extension.convert;

import com.google.protobuf.ByteString;
import io.lambdascope.extension.config.Sampling;
import io.opentelemetry.proto.trace.v1.SpanFlags;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static io.lambdascope.extension.convert.XrayHeaderTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextsTest {

    private static final Optional<XrayHeader> SAMPLED =
            XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    private static final Optional<XrayHeader> NOT_SAMPLED =
            XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");

    private static TraceContexts contexts(Sampling sampling) {
        return new TraceContexts(sampling, new SplittableRandom(1));
    }

    @Test
    void anXrayHeaderGivesTheTraceAndARemoteParent() {
        SpanContext context = contexts(Sampling.ALL).start(SAMPLED);
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), context.traceId());
        assertEquals(hex("53995c3f42cd8ad8"), context.parentSpanId());
        assertEquals(8, context.spanId().size());
        assertTrue(context.sampled());
        assertTrue(context.remoteParent());
        assertEquals(1 | SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE | SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK_VALUE,
                context.spanFlags());
    }

    @Test
    void withoutAHeaderANewRootTrace() {
        TraceContexts contexts = contexts(Sampling.ALL);
        SpanContext one = contexts.start(Optional.empty());
        SpanContext two = contexts.start(Optional.empty());
        assertEquals(16, one.traceId().size());
        assertEquals(ByteString.EMPTY, one.parentSpanId());
        assertFalse(one.remoteParent());
        assertEquals(1 | SpanFlags.SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK_VALUE, one.spanFlags());
        assertFalse(one.traceId().equals(two.traceId()));
    }

    @Test
    void spanIdsAreDistinctAndNeverZero() {
        TraceContexts contexts = contexts(Sampling.ALL);
        Set<ByteString> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ByteString id = contexts.spanId();
            assertFalse(id.equals(ByteString.copyFrom(new byte[8])));
            assertTrue(seen.add(id));
        }
    }

    @Test
    void allKeepsEveryInvocationWhateverTheHeaderSays() {
        assertTrue(contexts(Sampling.ALL).start(NOT_SAMPLED).sampled());
    }

    @Test
    void followXrayKeepsWhatTheHeaderSampledAndWhatNobodyDecided() {
        TraceContexts contexts = contexts(new Sampling(Sampling.Kind.FOLLOW_XRAY, 1.0));
        assertTrue(contexts.start(SAMPLED).sampled());
        assertFalse(contexts.start(NOT_SAMPLED).sampled());
        assertTrue(contexts.start(XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?")).sampled());
        assertTrue(contexts.start(Optional.empty()).sampled());
    }

    @Test
    void ratioDecidesFromTheTraceIdLikeOpenTelemetry() {
        TraceContexts half = contexts(new Sampling(Sampling.Kind.RATIO, 0.5));
        // Last 8 bytes 0x3fff... is under 0.5 * Long.MAX_VALUE, 0x4000...01 is over it.
        assertTrue(half.sampled(hex("000000000000000000ffffffffffffff"), Optional.empty()));
        assertTrue(half.sampled(hex("00000000000000003fffffffffffffff"), Optional.empty()));
        assertFalse(half.sampled(hex("00000000000000004000000000000001"), Optional.empty()));
        assertFalse(half.sampled(hex("0000000000000000c000000000000000"), Optional.empty()), "the magnitude counts");
        assertFalse(contexts(new Sampling(Sampling.Kind.RATIO, 0.0)).sampled(hex("00000000000000000000000000000001"), Optional.empty()));
        assertTrue(contexts(new Sampling(Sampling.Kind.RATIO, 1.0)).sampled(hex("0000000000000000c000000000000000"), Optional.empty()));

        int kept = 0;
        TraceContexts tenth = contexts(new Sampling(Sampling.Kind.RATIO, 0.1));
        for (int i = 0; i < 10_000; i++) {
            kept += tenth.start(Optional.empty()).sampled() ? 1 : 0;
        }
        assertTrue(kept > 800 && kept < 1200, "kept " + kept);
    }

    @Test
    void ratioIgnoresTheXraySampledFlag() {
        TraceContexts none = contexts(new Sampling(Sampling.Kind.RATIO, 0.0));
        assertFalse(none.start(SAMPLED).sampled());
    }
}
