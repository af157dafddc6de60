package io.lambdascope.extension.capture;

import io.lambdascope.extension.config.RedactionConfig;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What never leaves the function: the values of credential headers and of the query parameters
 * the user named, replaced by {@value #REDACTED} so the span still shows they were sent, and the
 * attributes whose keys the user's pattern matches, dropped.
 */
final class Redaction {

    /** The value that stands in for a redacted one. */
    static final String REDACTED = "REDACTED";

    private final Set<String> headers;
    private final Set<String> queryParameters;
    private final Optional<Pattern> attributeKeys;

    Redaction(RedactionConfig config) {
        this.headers = lowercase(config.headers());
        this.queryParameters = lowercase(config.queryParameters());
        this.attributeKeys = config.attributeKeys();
    }

    /** Whether a header's values are redacted. */
    boolean redactsHeader(String lowerName) {
        return headers.contains(lowerName);
    }

    /** The values to record for a header: one {@value #REDACTED} per value when the header is redacted. */
    List<String> headerValues(String lowerName, List<String> values) {
        return redactsHeader(lowerName) ? Collections.nCopies(values.size(), REDACTED) : values;
    }

    /**
     * A query string with the values of redacted parameters replaced. Names are compared
     * case-insensitively and after percent-decoding, since {@code %74oken} is {@code token} to the
     * function.
     *
     * @param query the query without the {@code ?}
     * @return the query to record
     */
    String query(String query) {
        if (queryParameters.isEmpty() || query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            String pair = query.substring(start, end);
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (start > 0) {
                out.append('&');
            }
            out.append(redactsParameter(name) ? name + "=" + REDACTED : pair);
            start = end + 1;
        }
        return out.toString();
    }

    /** Whether a query parameter's value is redacted. */
    boolean redactsParameter(String name) {
        String decoded;
        try {
            decoded = URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = name;
        }
        return queryParameters.contains(decoded.toLowerCase(Locale.ROOT));
    }

    /** The attributes without those whose whole key matches the user's pattern. */
    List<KeyValue> attributes(List<KeyValue> attributes) {
        if (attributeKeys.isEmpty()) {
            return attributes;
        }
        Pattern pattern = attributeKeys.get();
        return attributes.stream().filter(attribute -> !pattern.matcher(attribute.getKey()).matches()).toList();
    }

    private static Set<String> lowercase(List<String> names) {
        Set<String> set = new HashSet<>();
        names.forEach(name -> set.add(name.toLowerCase(Locale.ROOT)));
        return Set.copyOf(set);
    }
}
