package io.lambdascope.extension.capture;

import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.convert.KeyValues;
import io.lambdascope.extension.json.JsonValue;
import io.lambdascope.extension.json.Utf8;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Request and response bodies. Their size is always recorded ({@code http.request.body.size});
 * their text only when the user asked for bodies, cut to the cap on a character boundary. A
 * base64 body is decoded first, and kept only when it is UTF-8 text: bytes of an image say nothing
 * to a reader of a trace.
 */
final class Bodies {

    private final boolean record;
    private final long maxBytes;

    Bodies(CaptureConfig config) {
        this.record = config.bodies();
        this.maxBytes = Math.max(0, config.bodyMaxBytes());
    }

    /**
     * The attributes for one body as the event has it. A body that is not base64 is measured where
     * it stands in the event, and only what the cap keeps of it is decoded: a 6 MB body is never
     * held as text.
     *
     * @param prefix {@code http.request} or {@code http.response}
     * @param body the event's {@code body} field, or null
     * @param base64 whether the event says the body is base64
     * @return the size, and the text when bodies are recorded
     */
    List<KeyValue> attributes(String prefix, JsonValue body, boolean base64) {
        if (body == null || !body.isString()) {
            return new ArrayList<>(0);
        }
        if (base64) {
            return attributes(prefix, body.stringValue(), true);
        }
        long size = body.utf8Length();
        if (size == 0) {
            return new ArrayList<>(0);
        }
        if (!record) {
            return attributes(prefix, size, null);
        }
        Cut cut = new Cut(maxBytes);
        body.textInPieces(cut);
        return attributes(prefix, size, cut.kept.toString());
    }

    /**
     * The attributes for one body.
     *
     * @param prefix {@code http.request} or {@code http.response}
     * @param body the body's text, or null
     * @param base64 whether the text is base64
     * @return the size, and the text when bodies are recorded
     */
    List<KeyValue> attributes(String prefix, String body, boolean base64) {
        if (body == null || body.isEmpty()) {
            return new ArrayList<>(0);
        }
        if (!base64) {
            return attributes(prefix, Utf8.length(body), record ? Utf8.prefix(body, maxBytes) : null);
        }
        byte[] bytes = decode(body);
        if (bytes == null) {
            return new ArrayList<>(0);
        }
        String text = record ? utf8(bytes) : null;
        return attributes(prefix, bytes.length, text == null ? null : Utf8.prefix(text, maxBytes));
    }

    /**
     * @param size the body's size in bytes
     * @param kept its text cut to the cap; null when bodies are not recorded or this one is not text
     */
    private List<KeyValue> attributes(String prefix, long size, String kept) {
        List<KeyValue> out = new ArrayList<>(3);
        out.add(KeyValues.integer(prefix + ".body.size", size));
        if (kept != null) {
            out.add(KeyValues.string("lambdascope." + prefix + ".body", kept));
            if (size > maxBytes) {
                out.add(KeyValues.bool("lambdascope." + prefix + ".body.truncated", true));
            }
        }
        return out;
    }

    /** The start of a text given in pieces, as many of its bytes as a cap allows. */
    private static final class Cut implements Predicate<String> {
        private final StringBuilder kept = new StringBuilder();
        private long room;

        Cut(long maxBytes) {
            this.room = maxBytes;
        }

        @Override
        public boolean test(String piece) {
            String fits = Utf8.prefix(piece, room);
            kept.append(fits);
            room -= Utf8.length(fits);
            return fits.length() == piece.length() && room > 0;
        }
    }

    private static byte[] decode(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            try {
                // Some clients wrap long base64 in lines.
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
