package io.lambdascope.extension.json;

/** UTF-8 sizes and cuts of Java strings, without encoding them. */
public final class Utf8 {

    private Utf8() {
    }

    /** The UTF-8 size of a string; an unpaired surrogate counts as the 3 bytes of its replacement. */
    public static long length(String text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether a string surely fits the bound without measuring it: a char is at most 3 bytes. */
    public static boolean surelyFits(String text, long maxBytes) {
        return (long) text.length() * 3 <= maxBytes;
    }

    /**
     * The longest prefix of {@code text} whose UTF-8 form fits {@code maxBytes}, never splitting a
     * character (a surrogate pair stays whole).
     */
    public static String prefix(String text, long maxBytes) {
        long bytes = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            int size;
            int chars = 1;
            if (c < 0x80) {
                size = 1;
            } else if (c < 0x800) {
                size = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                size = 4;
                chars = 2;
            } else {
                size = 3;
            }
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += chars;
        }
        return text.substring(0, i);
    }
}
