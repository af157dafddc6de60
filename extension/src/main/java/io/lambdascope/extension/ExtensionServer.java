package io.lambdascope.extension;

import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.media.MediaContext;
import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.service.registry.ServiceRegistryConfig;
import io.helidon.service.registry.ServiceRegistryManager;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.lambdascope.extension.receive.OtlpGrpcReceiver;
import io.lambdascope.extension.receive.OtlpHttpReceiver;
import io.lambdascope.extension.telemetry.SandboxHost;
import io.lambdascope.extension.telemetry.TelemetryListener;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The extension's one HTTP server: one Helidon WebServer with a socket per listener, each with its
 * own routing. The Telemetry API listener is the server's default socket (Helidon always has one,
 * and each socket costs a thread); the OTLP/HTTP and gRPC receivers, when on, are the
 * {@value #OTLP_HTTP} and {@value #OTLP_GRPC} sockets, on loopback. (The Runtime API proxy is not
 * one of them: it must listen before the extension registers and relay request trailers, neither
 * of which a Helidon socket can do.)
 */
final class ExtensionServer implements AutoCloseable {

    /** The socket a function's OpenTelemetry SDK exports to over HTTP. */
    static final String OTLP_HTTP = "otlp-http";
    /** The socket a function's OpenTelemetry SDK exports to over gRPC (HTTP/2). */
    static final String OTLP_GRPC = "otlp-grpc";

    /** Requests in flight get this long to finish at shutdown; the shutdown window is 2 s in all. */
    private static final Duration GRACE = Duration.ofMillis(100);

    /** Telemetry batches are at most 256 KiB as subscribed; anything far larger is not Lambda. */
    private static final long MAX_TELEMETRY_BODY = 2L * 1024 * 1024;

    static {
        // Helidon's global service registry reads every service descriptor on the class path the
        // first time anything asks it for one, which the server's routing does (for parameter
        // mappers it never uses here): about 90 ms of CPU on the cold start's critical path. The
        // server needs none of those services, so the registry discovers nothing.
        if (!GlobalServiceRegistry.configured()) {
            GlobalServiceRegistry.registry(ServiceRegistryManager.create(ServiceRegistryConfig.builder()
                    .discoverServices(false)
                    .discoverServicesFromServiceLoader(false)
                    .build()).registry());
        }
    }

    private static final MediaContext NO_MEDIA = MediaContext.builder().mediaSupportsDiscoverServices(false).build();
    private static final ContentEncodingContext NO_ENCODINGS = ContentEncodingContext.builder()
            .contentEncodingsDiscoverServices(false).build();

    private static final System.Logger LOG = System.getLogger(ExtensionServer.class.getName());

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
     * @param otlp the OTLP/HTTP receiver and its port, when it is on
     * @return the running server
     * @throws IllegalStateException when the telemetry socket cannot bind
     */
    static ExtensionServer start(SandboxHost telemetryHost, int telemetryPort, TelemetryListener telemetry,
                                 Optional<Receiver> otlp) {
        WebServerConfig.Builder builder = WebServer.builder()
                // Nothing discovered: every listener reads and writes bytes, and looking up
                // features, media and encodings on the class path is most of the server's start.
                .featuresDiscoverServices(false)
                .mediaContext(NO_MEDIA)
                .contentEncoding(NO_ENCODINGS)
                .concurrencyLimitDiscoverServices(false)
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.create())
                .shutdownHook(false)
                .shutdownGracePeriod(GRACE)
                // The default socket: the Telemetry API's destination.
                .address(telemetryHost.address())
                .port(telemetryPort)
                .maxPayloadSize(MAX_TELEMETRY_BODY)
                .routing(telemetry::routing);
        otlp.ifPresent(receiver -> builder
                .putSocket(OTLP_HTTP, socket -> http1Only(socket)
                        .address(InetAddress.getLoopbackAddress())
                        .port(receiver.httpPort())
                        .maxPayloadSize(OtlpHttpReceiver.MAX_BODY)
                        .contentEncoding(OtlpHttpReceiver.encodings())
                        .shutdownGracePeriod(GRACE))
                .routing(OTLP_HTTP, receiver.http()::routing)
                .putSocket(OTLP_GRPC, socket -> socket
                        .concurrencyLimitDiscoverServices(false)
                        .address(InetAddress.getLoopbackAddress())
                        // A unary call's answer is headers, one small DATA frame and trailers:
                        // without this, Nagle holds the last behind the client's delayed ACK.
                        .connectionOptions(options -> options.tcpNoDelay(true))
                        .port(receiver.grpcPort())
                        .maxPayloadSize(OtlpHttpReceiver.MAX_BODY + 5)
                        .shutdownGracePeriod(GRACE))
                .routing(OTLP_GRPC, receiver.grpc()::routing));
        WebServer server = builder.build().start();
        // Helidon logs a socket that cannot bind and stops, rather than throwing.
        if (!server.isRunning() || server.port() <= 0) {
            server.stop();
            throw new IllegalStateException("the telemetry listener could not bind %s:%d"
                    .formatted(telemetryHost.address().getHostAddress(), telemetryPort));
        }
        // A receiver that cannot bind leaves the function's SDK failing to export, as it would
        // with no extension; the extension's own telemetry goes on.
        if (otlp.isPresent() && server.port(OTLP_HTTP) <= 0) {
            LOG.log(System.Logger.Level.WARNING, "the OTLP/HTTP receiver could not bind 127.0.0.1:{0,number,#}: "
                    + "a function's OpenTelemetry SDK cannot export through the extension over HTTP", otlp.get().httpPort());
        }
        if (otlp.isPresent() && server.port(OTLP_GRPC) <= 0) {
            LOG.log(System.Logger.Level.WARNING, "the OTLP/gRPC receiver could not bind 127.0.0.1:{0,number,#}: "
                    + "a function's OpenTelemetry SDK cannot export through the extension over gRPC", otlp.get().grpcPort());
        }
        return new ExtensionServer(server);
    }

    /** The OTLP receivers and their ports; 0 picks a free one. */
    record Receiver(OtlpHttpReceiver http, int httpPort, OtlpGrpcReceiver grpc, int grpcPort) {
    }

    /**
     * A socket that speaks HTTP/1.1 only. With HTTP/2 on the class path every socket would accept
     * it; only the gRPC socket needs it.
     */
    private static ListenerConfig.Builder http1Only(ListenerConfig.Builder socket) {
        return socket.protocolsDiscoverServices(false).addProtocol(Http1Config.create()).concurrencyLimitDiscoverServices(false);
    }

    /** The port the OTLP/HTTP socket is bound to; -1 when it is off or could not bind (as Helidon says of a socket it lacks). */
    int otlpHttpPort() {
        return server.port(OTLP_HTTP);
    }

    /** The port the OTLP/gRPC socket is bound to; -1 when it is off or could not bind. */
    int otlpGrpcPort() {
        return server.port(OTLP_GRPC);
    }

    /** The port the telemetry socket is bound to. */
    int telemetryPort() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
