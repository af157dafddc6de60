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

    /**
     * Headers that carry credentials and are never recorded: those of every HTTP API, and the
     * session token of an AWS SigV4 request, which IAM-authorized APIs pass to the function.
     */
    public static final List<String> ALWAYS_REDACTED_HEADERS =
            List.of("authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization", "x-amz-security-token");

    /** Every header name to redact, lowercase. */
    public List<String> headers() {
        return Stream.concat(ALWAYS_REDACTED_HEADERS.stream(), extraHeaders.stream()).distinct().toList();
    }
}
