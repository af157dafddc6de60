package io.lambdascope.extension;

import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.service.registry.ServiceRegistryConfig;
import io.helidon.service.registry.ServiceRegistryManager;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.lambdascope.extension.receive.OtlpGrpcReceiver;
import io.lambdascope.extension.receive.OtlpHttpReceiver;

import java.net.InetAddress;
import java.time.Duration;

/**
 * The OTLP receivers' server: one Helidon WebServer whose default socket is the OTLP/HTTP
 * receiver and whose {@value #OTLP_GRPC} socket is the gRPC one, both on loopback (a server of the
 * gRPC socket alone when the OTLP/HTTP port is taken). (The Telemetry
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
    private final int httpPort;
    private final int grpcPort;

    private ReceiverServer(WebServer server, int httpPort, int grpcPort) {
        this.server = server;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /**
     * Starts, on a thread of its own, the part of the server's start that needs nothing of the
     * extension's: Helidon's service registry (this class's initialiser) and the receivers' content
     * encodings, which set up Helidon's configuration. That is about half of the server's start,
     * 30 ms of CPU at a cold start, and it overlaps with what the extension does after register
     * before it starts the server. Each part is done once per process: {@link #start} waits for
     * whatever is still under way and does nothing twice.
     */
    static void prepareInBackground() {
        Thread.ofPlatform().daemon().name("lambdascope-receivers").start(() -> {
            try {
                OtlpHttpReceiver.encodings();
            } catch (RuntimeException e) {
                // The start does the same again and reports what fails.
            }
        });
    }

    /**
     * Binds and starts both sockets. One that cannot bind (the function may hold the port) leaves
     * the function's SDK failing to export over it, as it would with no extension; the other
     * receiver and the extension's own telemetry go on.
     *
     * @param receiver the receivers and their ports
     * @return the running server
     */
    static ReceiverServer start(Receiver receiver) {
        WebServer both = onLoopback(server())
                // The OTLP/HTTP socket is the default one. It speaks HTTP/1.1 only: with HTTP/2 on
                // the class path every socket would accept it, and only the gRPC socket needs it.
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.create())
                .port(receiver.httpPort())
                .maxPayloadSize(OtlpHttpReceiver.MAX_BODY)
                .contentEncoding(OtlpHttpReceiver.encodings())
                .routing(receiver.http()::routing)
                .putSocket(OTLP_GRPC, socket -> grpc(socket, receiver.grpcPort()))
                .routing(OTLP_GRPC, receiver.grpc()::routing)
                .build()
                .start();
        // Helidon logs a socket that cannot bind rather than throwing, and stops every socket
        // when the default one cannot bind: the gRPC receiver then runs in a server of its own.
        ReceiverServer started;
        if (both.port() > 0) {
            started = new ReceiverServer(both, both.port(), both.port(OTLP_GRPC));
        } else {
            WebServer grpcOnly = grpc(server(), receiver.grpcPort()).routing(receiver.grpc()::routing).build().start();
            started = new ReceiverServer(grpcOnly, -1, grpcOnly.port());
        }
        if (started.httpPort <= 0) {
            LOG.log(System.Logger.Level.WARNING, "the OTLP/HTTP receiver could not bind 127.0.0.1:{0,number,#}: "
                    + "a function''s OpenTelemetry SDK cannot export through the extension over HTTP", receiver.httpPort());
        }
        if (started.grpcPort <= 0) {
            LOG.log(System.Logger.Level.WARNING, "the OTLP/gRPC receiver could not bind 127.0.0.1:{0,number,#}: "
                    + "a function''s OpenTelemetry SDK cannot export through the extension over gRPC", receiver.grpcPort());
        }
        return started;
    }

    /** A server that looks nothing up on the class path (features are most of its start) and leaves shutdown to the extension. */
    private static WebServerConfig.Builder server() {
        return WebServer.builder().featuresDiscoverServices(false).shutdownHook(false);
    }

    /** What every receiver socket has: loopback only, nothing discovered, a short grace at shutdown. */
    private static <B extends ListenerConfig.BuilderBase<B, ?>> B onLoopback(B socket) {
        return socket
                .concurrencyLimitDiscoverServices(false)
                .address(InetAddress.getLoopbackAddress())
                .shutdownGracePeriod(GRACE);
    }

    /** The gRPC receiver's socket, as a server's default socket or one of its named ones. */
    private static <B extends ListenerConfig.BuilderBase<B, ?>> B grpc(B socket, int port) {
        return onLoopback(socket)
                // A unary call's answer is headers, one small DATA frame and trailers: without
                // this, Nagle holds the last behind the client's delayed ACK.
                .connectionOptions(options -> options.tcpNoDelay(true))
                .port(port)
                .maxPayloadSize(OtlpHttpReceiver.MAX_BODY + 5);
    }

    /** The OTLP receivers and their ports; 0 picks a free one. */
    record Receiver(OtlpHttpReceiver http, int httpPort, OtlpGrpcReceiver grpc, int grpcPort) {
    }

    /** The port the OTLP/HTTP socket is bound to; -1 when it could not bind (as Helidon says of a socket it lacks). */
    int otlpHttpPort() {
        return httpPort;
    }

    /** The port the OTLP/gRPC socket is bound to; -1 when it could not bind. */
    int otlpGrpcPort() {
        return grpcPort;
    }

    @Override
    public void close() {
        server.stop();
    }
}
