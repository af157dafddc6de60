package io.lambdascope.extension.json;

import java.nio.charset.StandardCharsets;

/**
 * The text of a JSON string read straight from the document's UTF-8 bytes between its quotes,
 * decoded as Jackson decodes it. The parser has already checked those bytes as it skipped them:
 * every escape is well formed and every multi-byte sequence complete, so nothing here fails.
 */
final class EscapedText {

    private final byte[] bytes;
    private final int end;
    private int at;

    /**
     * @param bytes the document
     * @param start the first byte after the opening quote
     * @param end the closing quote
     */
    EscapedText(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.at = start;
        this.end = end;
    }

    /**
     * Where the string that opens with the quote at {@code quote} closes: the next quote not
     * escaped by a backslash; -1 when the document ends first.
     */
    static int closingQuote(byte[] bytes, int quote) {
        for (int i = quote + 1; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                i++;
            }
        }
        return -1;
    }

    /** The whole text. */
    String decode() {
        int start = at;
        boolean plain = true;
        for (int i = start; i < end && plain; i++) {
            plain = bytes[i] >= 0 && bytes[i] != '\\';
        }
        if (plain) {
            // Most strings are ASCII without escapes: the bytes are the text.
            at = end;
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        // A char takes at least one byte, an escape at least two, a surrogate pair four: the text
        // fits in as many chars as it has bytes, and one read takes all of it.
        char[] text = new char[end - start + 1];
        return new String(text, 0, read(text, end - start));
    }

    /** Whether {@link #read} has more to give. */
    boolean more() {
        return at < end;
    }

    /**
     * Decodes into {@code out}, which has room for {@code limit + 1} chars, up to {@code limit} of
     * them; fewer at the end of the text, or where the last would be the high half of a surrogate
     * pair whose low half is still to come: that char is left for the next read, so that no read
     * splits a pair.
     *
     * @return how many chars were written
     */
    int read(char[] out, int limit) {
        int n = 0;
        int last = at;
        while (at < end && n < limit) {
            last = at;
            int b = bytes[at++];
            if (b == '\\') {
                out[n++] = escaped();
            } else if (b >= 0) {
                out[n++] = (char) b;
            } else if ((b & 0xE0) == 0xC0) {
                out[n++] = (char) ((b & 0x1F) << 6 | next());
            } else if ((b & 0xF0) == 0xE0) {
                out[n++] = (char) ((b & 0x0F) << 12 | next() << 6 | next());
            } else {
                // Four bytes: a character beyond the basic plane, which Java holds as a pair.
                int c = ((b & 0x07) << 18 | next() << 12 | next() << 6 | next()) - 0x10000;
                out[n++] = (char) (0xD800 | c >> 10);
                out[n++] = (char) (0xDC00 | c & 0x3FF);
            }
        }
        if (at < end && n > 1 && Character.isHighSurrogate(out[n - 1])) {
            at = last;
            n--;
        }
        return n;
    }

    /**
     * The text's size in UTF-8 without decoding it, counted as {@link Utf8#length} counts
     * the decoded text: a surrogate pair is 4 bytes, an unpaired surrogate the 3 of its replacement.
     */
    long utf8Length() {
        long size = 0;
        boolean high = false;
        while (at < end) {
            int b = bytes[at++];
            int c;
            if (b == '\\') {
                c = escaped();
            } else if ((b & 0xF0) == 0xE0) {
                c = (b & 0x0F) << 12 | next() << 6 | next();
            } else {
                // ASCII, two bytes or four (a pair already): as many bytes as it takes here.
                int length = b >= 0 ? 1 : (b & 0xE0) == 0xC0 ? 2 : 4;
                at += length - 1;
                size += length + (high ? 3 : 0);
                high = false;
                continue;
            }
            if (high && Character.isLowSurrogate((char) c)) {
                size += 4;
                high = false;
                continue;
            }
            size += high ? 3 : 0;
            high = Character.isHighSurrogate((char) c);
            if (!high) {
                size += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return size + (high ? 3 : 0);
    }

    private int next() {
        return bytes[at++] & 0x3F;
    }

    private char escaped() {
        byte c = bytes[at++];
        return switch (c) {
            case 'b' -> '\b';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'f' -> '\f';
            case 'r' -> '\r';
            case 'u' -> {
                int value = 0;
                for (int i = 0; i < 4; i++) {
                    value = value << 4 | Character.digit(bytes[at++], 16);
                }
                yield (char) value;
            }
            // The quote, the backslash and the slash stand for themselves.
            default -> (char) c;
        };
    }
}
