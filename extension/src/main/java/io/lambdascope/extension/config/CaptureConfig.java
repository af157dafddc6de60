package io.lambdascope.extension.config;

/**
 * What the Runtime API proxy records.
 *
 * @param enabled whether the proxy captures events and responses
 * @param bodies whether bodies are recorded
 * @param bodyMaxBytes cap per recorded body
 * @param proxyPort port of the proxy on 127.0.0.1
 */
public record CaptureConfig(boolean enabled, boolean bodies, long bodyMaxBytes, int proxyPort) {
}
