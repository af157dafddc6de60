package io.lambdascope.extension;

import io.helidon.webserver.WebServer;
import io.lambdascope.extension.telemetry.SandboxHost;
import io.lambdascope.extension.telemetry.TelemetryListener;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The extension's one HTTP server: one Helidon WebServer with a named socket per listener, each
 * with its own routing. The Telemetry API listener is the {@value #TELEMETRY} socket; the OTLP
 * receiver becomes another. (The Runtime API proxy is not one of them: it must listen before the
 * extension registers and relay request trailers, neither of which a Helidon socket can do.)
 */
final class ExtensionServer implements AutoCloseable {

    /** The socket Lambda posts Telemetry API batches to. */
    static final String TELEMETRY = "telemetry";

    /** Requests in flight get this long to finish at shutdown; the shutdown window is 2 s in all. */
    private static final Duration GRACE = Duration.ofMillis(100);

    /** Telemetry batches are at most 256 KiB as subscribed; anything far larger is not Lambda. */
    private static final long MAX_TELEMETRY_BODY = 2L * 1024 * 1024;

    private final WebServer server;

    private ExtensionServer(WebServer server) {
        this.server = server;
    }

    /**
     * Binds and starts every socket.
     *
     * @param telemetryHost where the telemetry socket binds
     * @param telemetryPort its port; 0 picks a free one
     * @param telemetry the Telemetry API listener
     * @return the running server
     * @throws IllegalStateException when a socket cannot bind
     */
    static ExtensionServer start(SandboxHost telemetryHost, int telemetryPort, TelemetryListener telemetry) {
        WebServer server = WebServer.builder()
                // Helidon always has a default socket. It stays on loopback with a port of the
                // system's choosing and no routes.
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownHook(false)
                .shutdownGracePeriod(GRACE)
                .putSocket(TELEMETRY, socket -> socket
                        .address(telemetryHost.address())
                        .port(telemetryPort)
                        .maxPayloadSize(MAX_TELEMETRY_BODY)
                        .shutdownGracePeriod(GRACE))
                .routing(TELEMETRY, telemetry::routing)
                .build()
                .start();
        // Helidon logs a socket that cannot bind and stops, rather than throwing.
        if (!server.isRunning() || server.port(TELEMETRY) <= 0) {
            server.stop();
            throw new IllegalStateException("the telemetry listener could not bind %s:%d"
                    .formatted(telemetryHost.address().getHostAddress(), telemetryPort));
        }
        return new ExtensionServer(server);
    }

    /** The port the telemetry socket is bound to. */
    int telemetryPort() {
        return server.port(TELEMETRY);
    }

    @Override
    public void close() {
        server.stop();
    }
}
