package io.lambdascope.extension.config;

/**
 * The local OTLP receiver.
 *
 * @param enabled whether it listens
 * @param httpPort OTLP/HTTP port on 127.0.0.1
 * @param grpcPort OTLP/gRPC port on 127.0.0.1
 */
public record ReceiverConfig(boolean enabled, int httpPort, int grpcPort) {
}
