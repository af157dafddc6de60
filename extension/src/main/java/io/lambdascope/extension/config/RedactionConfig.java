package io.lambdascope.extension.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What is removed before telemetry leaves the function.
 *
 * @param extraHeaders header names redacted besides {@link #ALWAYS_REDACTED_HEADERS}, lowercase
 * @param attributeKeys attribute keys to drop
 * @param queryParameters query parameter names whose values are redacted, lowercase
 */
public record RedactionConfig(List<String> extraHeaders, Optional<Pattern> attributeKeys, List<String> queryParameters) {

    /** Headers that carry credentials in every API and are never recorded. */
    public static final List<String> ALWAYS_REDACTED_HEADERS =
            List.of("authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization");

    /** Every header name to redact, lowercase. */
    public List<String> headers() {
        return Stream.concat(ALWAYS_REDACTED_HEADERS.stream(), extraHeaders.stream()).distinct().toList();
    }
}
