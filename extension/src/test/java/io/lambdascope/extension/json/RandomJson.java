package io.lambdascope.extension.json;

import java.util.SplittableRandom;

/**
 * Random JSON documents for the differential test: nested containers, repeated names, numbers of
 * every form Jackson tells apart, and strings with escapes, control characters, surrogate pairs
 * and lone surrogates.
 */
final class RandomJson {

    private static final String[] NAMES = {"a", "b", "requestId", "", "é", "\\u0041", "x y", "\\\"q\\\""};
    private static final String[] NUMBERS = {"0", "-0", "7", "-2147483648", "2147483648", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "98765432109876543210", "1.5", "-0.0", "1e3", "2E-3",
            "1.0e308", "1e309", "6.02214076e23", "0.30000000000000004", "5e-324", "123.456e-7"};
    private static final String[] ESCAPES = {"\\n", "\\t", "\\\\", "\\\"", "\\/", "\\b", "\\f", "\\r", "\\u0000",
            "\\u001f", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udfff", "\\u2028"};

    private RandomJson() {
    }

    static void value(SplittableRandom random, StringBuilder out, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        switch (kind) {
            case 0 -> out.append("null");
            case 1 -> out.append(random.nextBoolean());
            case 2 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 3 -> out.append(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L));
            case 4 -> out.append(random.nextDouble(-1e6, 1e6));
            case 5 -> string(random, out);
            case 6 -> {
                out.append('[');
                int size = random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    out.append(i == 0 ? "" : ",").append(random.nextInt(4) == 0 ? " " : "");
                    value(random, out, depth + 1);
                }
                out.append(']');
            }
            default -> {
                out.append('{');
                int size = random.nextInt(random.nextInt(8) == 0 ? 30 : 6);
                for (int i = 0; i < size; i++) {
                    out.append(i == 0 ? "" : ",");
                    if (random.nextBoolean()) {
                        out.append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"');
                    } else {
                        out.append("\"k").append(random.nextInt(40)).append('"');
                    }
                    out.append(random.nextInt(4) == 0 ? " : " : ":");
                    value(random, out, depth + 1);
                }
                out.append('}');
            }
        }
    }

    private static void string(SplittableRandom random, StringBuilder out) {
        out.append('"');
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> out.append(ESCAPES[random.nextInt(ESCAPES.length)]);
                case 1 -> out.appendCodePoint(random.nextInt(0x80, 0x800));
                case 2 -> out.appendCodePoint(random.nextInt(0x1F600, 0x1F650));
                default -> {
                    char c = (char) random.nextInt(0x20, 0x7F);
                    out.append(c == '"' || c == '\\' ? '_' : c);
                }
            }
        }
        out.append('"');
    }
}
