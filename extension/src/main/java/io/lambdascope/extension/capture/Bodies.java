package io.lambdascope.extension.capture;

import io.lambdascope.extension.config.CaptureConfig;
import io.lambdascope.extension.convert.KeyValues;
import io.lambdascope.extension.convert.Utf8;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
     * The attributes for one body.
     *
     * @param prefix {@code http.request} or {@code http.response}
     * @param body the body as the event has it, or null
     * @param base64 whether the event says the body is base64
     * @return the size, and the text when bodies are recorded
     */
    List<KeyValue> attributes(String prefix, String body, boolean base64) {
        List<KeyValue> out = new ArrayList<>(3);
        if (body == null || body.isEmpty()) {
            return out;
        }
        String text = body;
        long size;
        if (base64) {
            byte[] bytes = decode(body);
            if (bytes == null) {
                return out;
            }
            size = bytes.length;
            text = record ? utf8(bytes) : null;
        } else {
            size = Utf8.length(body);
        }
        out.add(KeyValues.integer(prefix + ".body.size", size));
        if (record && text != null) {
            boolean cut = size > maxBytes;
            out.add(KeyValues.string("lambdascope." + prefix + ".body", cut ? Utf8.prefix(text, maxBytes) : text));
            if (cut) {
                out.add(KeyValues.bool("lambdascope." + prefix + ".body.truncated", true));
            }
        }
        return out;
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
