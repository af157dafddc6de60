package io.lambdascope.extension;

import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.service.registry.ServiceRegistryConfig;
import io.helidon.service.registry.ServiceRegistryManager;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.lambdascope.extension.receive.OtlpGrpcReceiver;
import io.lambdascope.extension.receive.OtlpHttpReceiver;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The OTLP receivers' server: one Helidon WebServer whose default socket is the OTLP/HTTP
 * receiver and whose {@value #OTLP_GRPC} socket is the gRPC one, both on loopback. (The Telemetry
 * API listener and the Runtime API proxy are not among its sockets: each reads its requests on a
 * plain socket, for reasons given in {@code TelemetryListener} and {@code RuntimeApiProxy}.)
 */
final class ReceiverServer implements AutoCloseable {

    /** The socket a function's OpenTelemetry SDK exports to over gRPC (HTTP/2). */
    static final String OTLP_GRPC = "otlp-grpc";

    /** Requests in flight get this long to finish at shutdown; the shutdown window is 2 s in all. */
    private static final Duration GRACE = Duration.ofMillis(100);

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

    private static final System.Logger LOG = System.getLogger(ReceiverServer.class.getName());

    private final WebServer server;

    private ReceiverServer(WebServer server) {
        this.server = server;
    }

    /**
     * Binds and starts both sockets. One that cannot bind leaves the function's SDK failing to
     * export over it, as it would with no extension; the extension's own telemetry goes on.
     *
     * @param receiver the receivers and their ports
     * @return the running server
     */
    static ReceiverServer start(Receiver receiver) {
        WebServer server = WebServer.builder()
                // Nothing discovered: looking up features and protocols on the class path is most
                // of the server's start.
                .featuresDiscoverServices(false)
                .concurrencyLimitDiscoverServices(false)
                .shutdownHook(false)
                .shutdownGracePeriod(GRACE)
                // The default socket speaks HTTP/1.1 only: with HTTP/2 on the class path every
                // socket would accept it, and only the gRPC socket needs it.
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.create())
                .address(InetAddress.getLoopbackAddress())
                .port(receiver.httpPort())
                .maxPayloadSize(OtlpHttpReceiver.MAX_BODY)
                .contentEncoding(OtlpHttpReceiver.encodings())
                .routing(receiver.http()::routing)
                .putSocket(OTLP_GRPC, socket -> socket
                        .concurrencyLimitDiscoverServices(false)
                        .address(InetAddress.getLoopbackAddress())
                        // A unary call's answer is headers, one small DATA frame and trailers:
                        // without this, Nagle holds the last behind the client's delayed ACK.
                        .connectionOptions(options -> options.tcpNoDelay(true))
                        .port(receiver.grpcPort())
                        .maxPayloadSize(OtlpHttpReceiver.MAX_BODY + 5)
                        .shutdownGracePeriod(GRACE))
                .routing(OTLP_GRPC, receiver.grpc()::routing)
                .build()
                .start();
        // Helidon logs a socket that cannot bind and goes on without it, rather than throwing.
        if (server.port() <= 0) {
            LOG.log(System.Logger.Level.WARNING, "the OTLP/HTTP receiver could not bind 127.0.0.1:{0,number,#}: "
                    + "a function's OpenTelemetry SDK cannot export through the extension over HTTP", receiver.httpPort());
        }
        if (server.port(OTLP_GRPC) <= 0) {
            LOG.log(System.Logger.Level.WARNING, "the OTLP/gRPC receiver could not bind 127.0.0.1:{0,number,#}: "
                    + "a function's OpenTelemetry SDK cannot export through the extension over gRPC", receiver.grpcPort());
        }
        return new ReceiverServer(server);
    }

    /** The OTLP receivers and their ports; 0 picks a free one. */
    record Receiver(OtlpHttpReceiver http, int httpPort, OtlpGrpcReceiver grpc, int grpcPort) {
    }

    /** The port the OTLP/HTTP socket is bound to; -1 when it could not bind (as Helidon says of a socket it lacks). */
    int otlpHttpPort() {
        return server.port();
    }

    /** The port the OTLP/gRPC socket is bound to; -1 when it could not bind. */
    int otlpGrpcPort() {
        return server.port(OTLP_GRPC);
    }

    @Override
    public void close() {
        server.stop();
    }
}
