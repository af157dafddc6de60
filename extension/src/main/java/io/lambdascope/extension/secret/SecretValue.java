package io.lambdascope.extension.secret;

import io.lambdascope.extension.config.Settings;
import io.lambdascope.extension.json.JsonValue;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a secret's value into export headers. The value is a header list as
 * {@code LAMBDASCOPE_EXPORT_HEADERS} writes it ({@code k=v,k2=v2}, percent-decoded) when it holds an
 * {@code =} that is not base64 padding at its end; otherwise it is a bare token, sent as
 * {@code Authorization: Bearer <token>}. With a {@code #key} in the reference the value is a JSON
 * object and that key's string is read the same way.
 *
 * <p>Error messages name the reference and what is wrong, never the value or any part of it.
 */
final class SecretValue {

    /** The header a bare token is sent in. */
    static final String TOKEN_HEADER = "Authorization";

    private SecretValue() {
    }

    /**
     * The headers a secret's value stands for.
     *
     * @param reference where the value came from, for messages and its {@code #key}
     * @param value the secret's text
     * @return the headers, in the value's order
     * @throws SecretException when the value cannot be used
     */
    static Map<String, String> headers(SecretReference reference, String value) {
        String text = reference.key().isPresent() ? selected(reference, value) : plain(reference, value);
        text = text.strip();
        if (text.isEmpty()) {
            throw new SecretException("the secret " + reference + " is empty");
        }
        if (headerList(text)) {
            try {
                return Settings.EXPORT_HEADERS.type().parse(text);
            } catch (IllegalArgumentException e) {
                // The parser's messages hold no part of the text.
                throw new SecretException("the secret " + reference + " is not a header list: " + e.getMessage());
            }
        }
        if (text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new SecretException("the secret " + reference + " is neither a header list (k=v,k2=v2) nor a token: it holds spaces or line breaks");
        }
        return Map.of(TOKEN_HEADER, "Bearer " + text);
    }

    /** A value with an {@code =} before its end is a list; trailing ones are a base64 token's padding. */
    private static boolean headerList(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        return text.substring(0, end).indexOf('=') >= 0;
    }

    private static String plain(SecretReference reference, String value) {
        if (value.strip().startsWith("{")) {
            JsonValue json = parse(value);
            if (json != null && json.isObject()) {
                throw new SecretException("the secret " + reference + " is a JSON object: name the key to use as "
                        + reference + "#<key> (its keys: " + json.fieldNames() + ")");
            }
        }
        return value;
    }

    private static String selected(SecretReference reference, String value) {
        String key = reference.key().orElseThrow();
        JsonValue json = parse(value);
        if (json == null || !json.isObject()) {
            throw new SecretException("the secret " + reference + " is not a JSON object, so it has no key " + key);
        }
        JsonValue selected = json.get(key);
        if (selected == null) {
            throw new SecretException("the secret " + reference + " has no key " + key + " (its keys: " + json.fieldNames() + ")");
        }
        if (!selected.isString()) {
            throw new SecretException("the secret " + reference + " holds a " + selected.type().name().toLowerCase(Locale.ROOT)
                    + " at key " + key + ", not a string");
        }
        return selected.stringValue();
    }

    /** The JSON the value holds, or null: the parser's message may quote the value, so it is dropped. */
    private static JsonValue parse(String value) {
        try {
            return JsonValue.parse(value);
        } catch (IOException e) {
            return null;
        }
    }
}
