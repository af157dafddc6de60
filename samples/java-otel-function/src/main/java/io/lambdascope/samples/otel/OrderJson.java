package io.lambdascope.samples.otel;

/**
 * Writes the function's answer. Three fields need no JSON library, which would only add to the
 * function's cold start.
 */
final class OrderJson {

    private OrderJson() {
    }

    /** {@code {"orderId":"…","totalCents":…,"traceId":"…"}}. */
    static String of(String orderId, long totalCents, String traceId) {
        return "{\"orderId\":" + quote(orderId) + ",\"totalCents\":" + totalCents
                + ",\"traceId\":" + quote(traceId) + "}";
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
