package io.lambdascope.sandbox.runtime;

import io.lambdascope.sandbox.http.HttpExchange;
import java.nio.charset.StandardCharsets;

/** Lambda's error answer, {@code {"errorMessage": ..., "errorType": ...}}, shared by the sandbox's APIs. */
public final class ErrorBody {

    private ErrorBody() {
    }

    /** Answers {@code status} with Lambda's JSON error shape. */
    public static void respond(HttpExchange exchange, int status, String errorType, String message) {
        exchange.respond(status, "application/json", json(errorType, message));
    }

    static byte[] json(String errorType, String message) {
        return ("{\"errorMessage\":\"" + escape(message) + "\",\"errorType\":\"" + escape(errorType) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
