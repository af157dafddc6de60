package io.lambdascope.extension.layer;

import io.helidon.common.resumable.ResumableSupport;
import io.helidon.webserver.WebServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Starts a Helidon server, answers one request and stops, run inside the layer's runtime image to
 * show that the receivers' server starts without {@code java.management}, which the image leaves
 * out: Helidon asks the JVM's uptime at every start, and the extension's hook must answer.
 */
public final class ServerStart {

    /** What {@link #main} prints when everything worked. */
    static final String EXPECTED = "HTTP/1.1 200 OK | io.lambdascope.extension.NoCheckpoints | java.management absent";

    private ServerStart() {
    }

    /**
     * Prints the answer's status line, Helidon's checkpoint hook and whether the runtime has
     * {@code java.management}.
     *
     * @param args unused
     * @throws Exception when the server cannot start or answer in this runtime
     */
    public static void main(String[] args) throws Exception {
        WebServer server = WebServer.builder()
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .address(InetAddress.getLoopbackAddress())
                .port(0)
                .routing(routing -> routing.get("/", (request, response) -> response.send("ok")))
                .build()
                .start();
        String status;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            status = Objects.requireNonNullElse(in.readLine(), "(no answer)");
        } finally {
            server.stop();
        }
        boolean management = ModuleLayer.boot().findModule("java.management").isPresent();
        System.out.println(status + " | " + ResumableSupport.get().getClass().getName()
                + " | java.management " + (management ? "present" : "absent"));
    }
}
