package io.lambdascope.extension.capture;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.lambdascope.extension.convert.Hex;
import io.lambdascope.extension.convert.XrayHeader;

import java.util.Optional;

/**
 * A span context that came with the event from another service: a W3C {@code traceparent} or an
 * X-Ray header that names its parent.
 *
 * @param traceId 16 bytes
 * @param spanId 8 bytes
 * @param sampled the caller's decision, when it made one
 */
record RemoteParent(ByteString traceId, ByteString spanId, Optional<Boolean> sampled) {

    /**
     * Reads {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}. Later versions may add
     * fields after the flags, so only version {@code ff} and a short header are refused.
     *
     * @param value the header value
     * @return the context, empty when malformed or an id is all zero
     */
    static Optional<RemoteParent> traceparent(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        if (text.length() < 55 || text.charAt(2) != '-' || text.charAt(35) != '-' || text.charAt(52) != '-'
                || (text.length() > 55 && text.charAt(55) != '-') || text.startsWith("ff")) {
            return Optional.empty();
        }
        byte[] version = Hex.bytes(text, 0, 2);
        byte[] traceId = Hex.bytes(text, 3, 32);
        byte[] spanId = Hex.bytes(text, 36, 16);
        byte[] flags = Hex.bytes(text, 53, 2);
        if (version == null || traceId == null || spanId == null || flags == null || Hex.allZero(traceId) || Hex.allZero(spanId)
                || (version[0] == 0 && text.length() != 55)) {
            return Optional.empty();
        }
        return Optional.of(new RemoteParent(UnsafeByteOperations.unsafeWrap(traceId), UnsafeByteOperations.unsafeWrap(spanId),
                Optional.of((flags[0] & 1) == 1)));
    }

    /**
     * The context of an X-Ray header. A header without {@code Parent} (as ALB sends) names no span
     * to be a child of, so it gives none.
     *
     * @param value the header value
     * @return the context, empty without a root and a parent
     */
    static Optional<RemoteParent> xray(String value) {
        return XrayHeader.parse(value).flatMap(header -> header.parentSpanId()
                .map(parent -> new RemoteParent(header.traceId(), parent, header.sampled())));
    }
}
