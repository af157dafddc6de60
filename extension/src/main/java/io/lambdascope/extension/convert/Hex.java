package io.lambdascope.extension.convert;

/** Hexadecimal ids, read without allocating more than the result. */
public final class Hex {

    private Hex() {
    }

    /**
     * The bytes of {@code count} hex digits from {@code from}.
     *
     * @return the bytes, or null when a character is not a hex digit or the count is odd
     */
    public static byte[] bytes(CharSequence text, int from, int count) {
        if ((count & 1) != 0 || from + count > text.length()) {
            return null;
        }
        byte[] bytes = new byte[count / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = digit(text.charAt(from + 2 * i));
            int low = digit(text.charAt(from + 2 * i + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    /** Whether every byte is zero: W3C and X-Ray call such ids invalid. */
    public static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
