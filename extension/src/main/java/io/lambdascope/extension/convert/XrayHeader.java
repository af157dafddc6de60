package io.lambdascope.extension.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import java.util.Optional;

/**
 * The parts of an X-Ray trace header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;
 * Parent=53995c3f42cd8ad8;Sampled=1}) that make a W3C context: the root's epoch and random parts
 * joined are the 32-hex-digit trace id, the parent is the span id.
 *
 * @param traceId 16 bytes
 * @param parentSpanId 8 bytes, when the header names a parent
 * @param sampled {@code Sampled=1} true, {@code Sampled=0} false, absent or {@code ?} empty
 */
public record XrayHeader(ByteString traceId, Optional<ByteString> parentSpanId, Optional<Boolean> sampled) {

    /**
     * Reads a header; fields in any order, unknown fields ({@code Lineage}, {@code Self}) ignored.
     *
     * @param value the header value
     * @return the context, empty without a well-formed root
     */
    public static Optional<XrayHeader> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        byte[] traceId = null;
        byte[] parent = null;
        Boolean sampled = null;
        int length = value.length();
        int start = 0;
        while (start < length) {
            int end = value.indexOf(';', start);
            if (end < 0) {
                end = length;
            }
            int equals = value.indexOf('=', start);
            if (equals > start && equals < end) {
                String key = value.substring(start, equals).trim();
                int valueStart = skipSpaces(value, equals + 1, end);
                int valueEnd = trimEnd(value, valueStart, end);
                switch (key) {
                    case "Root" -> traceId = root(value, valueStart, valueEnd);
                    case "Parent" -> parent = valueEnd - valueStart == 16 ? Hex.bytes(value, valueStart, 16) : null;
                    case "Sampled" -> {
                        if (valueEnd - valueStart == 1) {
                            char c = value.charAt(valueStart);
                            sampled = c == '1' ? Boolean.TRUE : c == '0' ? Boolean.FALSE : null;
                        }
                    }
                    default -> {
                        // Lineage, Self and whatever comes next say nothing about the W3C context.
                    }
                }
            }
            start = end + 1;
        }
        if (traceId == null || Hex.allZero(traceId)) {
            return Optional.empty();
        }
        Optional<ByteString> parentSpanId = parent == null || Hex.allZero(parent)
                ? Optional.empty() : Optional.of(UnsafeByteOperations.unsafeWrap(parent));
        return Optional.of(new XrayHeader(UnsafeByteOperations.unsafeWrap(traceId), parentSpanId, Optional.ofNullable(sampled)));
    }

    /** {@code 1-<8 hex epoch>-<24 hex random>}. */
    private static byte[] root(String value, int start, int end) {
        if (end - start != 35 || value.charAt(start) != '1' || value.charAt(start + 1) != '-' || value.charAt(start + 10) != '-') {
            return null;
        }
        byte[] epoch = Hex.bytes(value, start + 2, 8);
        byte[] random = Hex.bytes(value, start + 11, 24);
        if (epoch == null || random == null) {
            return null;
        }
        byte[] traceId = new byte[16];
        System.arraycopy(epoch, 0, traceId, 0, 4);
        System.arraycopy(random, 0, traceId, 4, 12);
        return traceId;
    }

    private static int skipSpaces(String value, int from, int end) {
        while (from < end && value.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(String value, int start, int end) {
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        return end;
    }
}
