package io.lambdascope.sandbox.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A parsed request line and header section; header names are lower-cased. */
record RequestHead(String method, String path, String query, String version,
                   Map<String, List<String>> headers) {

    boolean http10() {
        return "HTTP/1.0".equals(version);
    }

    List<String> values(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Whether a comma-separated header such as {@code Connection} lists {@code token}. */
    boolean hasToken(String name, String token) {
        for (String value : values(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the client asked for the connection to end after this exchange. */
    boolean wantsClose() {
        return hasToken("connection", "close") || (http10() && !hasToken("connection", "keep-alive"));
    }
}
