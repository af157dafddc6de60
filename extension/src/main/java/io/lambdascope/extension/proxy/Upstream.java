package io.lambdascope.extension.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where the proxy forwards to. The exec wrapper writes the runtime's original
 * {@code AWS_LAMBDA_RUNTIME_API} into {@link #file(int)} before pointing the runtime at the proxy:
 * usually Lambda's own address, but another proxy's when a wrapper before ours put one there, and
 * then the chain stays whole. Without the file, Lambda's address as the extension knows it.
 */
public final class Upstream implements Supplier<String> {

    private final Path file;
    private final String lambda;

    private Upstream(Path file, String lambda) {
        this.file = file;
        this.lambda = lambda;
    }

    /**
     * @param proxyPort the proxy's port, which names the wrapper's file
     * @param lambda the extension's own {@code AWS_LAMBDA_RUNTIME_API}
     */
    public static Upstream of(int proxyPort, String lambda) {
        return new Upstream(file(proxyPort), lambda);
    }

    /** The file the wrapper writes for a proxy on this port; the port is what no two environments on one machine share. */
    public static Path file(int proxyPort) {
        return Path.of("/tmp", "lambdascope-proxy-" + proxyPort + ".upstream");
    }

    @Override
    public String get() {
        try {
            String written = Files.readString(file, StandardCharsets.UTF_8).strip();
            return written.isEmpty() ? lambda : written;
        } catch (IOException e) {
            return lambda;
        }
    }
}
