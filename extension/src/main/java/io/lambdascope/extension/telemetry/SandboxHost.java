package io.lambdascope.extension.telemetry;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the Telemetry API listener binds and how Lambda reaches it. Lambda documents
 * {@code sandbox.localdomain} as the listener's host; the address comes from the hosts file, read
 * directly because a resolver lookup on the start path costs time and may go to the network.
 * Without that name (outside Lambda) the listener binds to loopback. Never to every interface.
 *
 * @param address the address to bind
 * @param uriHost the host to name in the subscription's destination URI
 */
public record SandboxHost(InetAddress address, String uriHost) {

    /** The host name Lambda documents for telemetry destinations. */
    public static final String NAME = "sandbox.localdomain";

    /** The default hosts file. */
    public static final Path HOSTS = Path.of("/etc/hosts");

    /**
     * Reads the hosts file.
     *
     * @param hosts the hosts file; missing or unreadable means loopback
     * @return the sandbox address, else loopback
     */
    public static SandboxHost from(Path hosts) {
        return sandboxAddress(hosts)
                .map(address -> new SandboxHost(address, NAME))
                .orElseGet(SandboxHost::loopback);
    }

    /** Loopback, named by its address so that no resolver is needed to reach it either. */
    public static SandboxHost loopback() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new SandboxHost(loopback, literal(loopback));
    }

    /** The destination URI Lambda posts batches to. */
    public java.net.URI destination(int port) {
        return java.net.URI.create("http://" + uriHost + ":" + port);
    }

    static Optional<InetAddress> sandboxAddress(Path hosts) {
        String text;
        try {
            text = Files.readString(hosts, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        for (String line : text.split("\n")) {
            String[] fields = line.replaceFirst("#.*", "").trim().split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].equalsIgnoreCase(NAME)) {
                    Optional<InetAddress> address = literalAddress(fields[0]);
                    if (address.isPresent()) {
                        return address;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> literalAddress(String text) {
        try {
            // ofLiteral never consults a resolver; a wildcard entry would bind every interface.
            return Optional.of(InetAddress.ofLiteral(text)).filter(address -> !address.isAnyLocalAddress());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String literal(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }
}
