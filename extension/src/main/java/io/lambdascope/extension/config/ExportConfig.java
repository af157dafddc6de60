package io.lambdascope.extension.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how telemetry leaves the extension.
 *
 * @param endpoint OTLP/HTTP base URL; empty means telemetry goes to the log as OTLP JSON lines
 * @param protocol wire format
 * @param headers headers of every export request
 * @param headersSecret Secrets Manager or SSM reference holding more headers
 * @param compression request body compression
 * @param timeout time allowed for one export request
 * @param caCertFile PEM file of an extra trusted CA
 * @param caCertBase64 the same CA, base64-encoded
 * @param insecureSkipVerify whether TLS verification is off
 */
public record ExportConfig(Optional<URI> endpoint, ExportProtocol protocol, Map<String, String> headers,
                           Optional<String> headersSecret, Compression compression, Duration timeout,
                           Optional<String> caCertFile, Optional<String> caCertBase64, boolean insecureSkipVerify) {

    /** Keeps the headers out of {@link #toString()}, which may end up in a log. */
    @Override
    public String toString() {
        return "ExportConfig[endpoint=%s, protocol=%s, headers=%d, compression=%s, timeout=%s]"
                .formatted(endpoint.map(URI::toString).orElse("none"), protocol.text(), headers.size(), compression.text(), timeout);
    }
}
