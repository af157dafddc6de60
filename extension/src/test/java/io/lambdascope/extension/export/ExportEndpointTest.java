package io.lambdascope.extension.export;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExportEndpointTest {

    @Test
    void signalPathsGoUnderTheBasePath() {
        ExportEndpoint endpoint = new ExportEndpoint(URI.create("https://otlp.example.com/otlp/"));
        assertEquals(URI.create("https://otlp.example.com/otlp/v1/traces"), endpoint.uri(Signal.TRACES));
        assertEquals(URI.create("https://otlp.example.com/otlp/v1/metrics"), endpoint.uri(Signal.METRICS));
        assertEquals(URI.create("https://otlp.example.com/otlp/v1/logs"), endpoint.uri(Signal.LOGS));
        assertEquals("https://otlp.example.com/otlp", endpoint.toString());
    }

    @Test
    void aBareHostGetsTheSignalPaths() {
        assertEquals(URI.create("http://127.0.0.1:4318/v1/logs"), new ExportEndpoint(URI.create("http://127.0.0.1:4318")).uri(Signal.LOGS));
        assertEquals(URI.create("http://[::1]:4318/v1/logs"), new ExportEndpoint(URI.create("http://[::1]:4318/")).uri(Signal.LOGS));
    }

    @Test
    void theQueryIsSentButNotShownAndUserInfoNeither() {
        ExportEndpoint endpoint = new ExportEndpoint(URI.create("HTTPS://user:secret@collector:443/base?api-key=k%20ey"));
        assertEquals(URI.create("https://collector:443/base/v1/traces?api-key=k%20ey"), endpoint.uri(Signal.TRACES));
        assertEquals("https://collector:443/base/v1/traces", endpoint.shown(Signal.TRACES));
        assertEquals("https://collector:443/base", endpoint.toString());
    }
}
