package io.lambdascope.samples.apigw;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a flat JSON object. The function needs nothing more, and a JSON library would only add to
 * its cold start.
 */
final class ResponseBody {

    private ResponseBody() {
    }

    /** A JSON object with the entries in name order; numbers and booleans unquoted, the rest strings. */
    static String of(Map<String, ?> fields) {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(fields).forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(name, json).append(':');
            if (value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else {
                quote(String.valueOf(value), json);
            }
        });
        return json.append('}').toString();
    }

    private static StringBuilder quote(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
