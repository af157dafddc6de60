package io.lambdascope.extension.proxy;

import io.lambdascope.extension.http.Body;
import io.lambdascope.extension.http.HttpHead;
import io.lambdascope.extension.http.PayloadCopy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One connection of the runtime to the proxy, with its own kept-alive connection to the Runtime
 * API behind. Each request is relayed as it arrives, head and body byte for byte, then the
 * answer likewise; the observer hears of the exchange once the runtime has its answer.
 */
final class ProxyConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(ProxyConnection.class.getName());
    private static final int BUFFER = 16 * 1024;

    private final Socket runtime;
    private final Supplier<String> upstream;
    private final ExchangeObserver observer;

    ProxyConnection(Socket runtime, Supplier<String> upstream, ExchangeObserver observer) {
        this.runtime = runtime;
        this.upstream = upstream;
        this.observer = observer;
    }

    @Override
    public void run() {
        Socket lambda = null;
        try (runtime) {
            runtime.setTcpNoDelay(true);
            InputStream fromRuntime = new BufferedInputStream(runtime.getInputStream(), BUFFER);
            OutputStream toRuntime = new BufferedOutputStream(runtime.getOutputStream(), BUFFER);
            InputStream fromLambda = null;
            OutputStream toLambda = null;
            while (true) {
                Optional<HttpHead> next = HttpHead.read(fromRuntime);
                if (next.isEmpty()) {
                    return;
                }
                HttpHead request = next.get();
                if (lambda == null) {
                    try {
                        lambda = connect(upstream.get());
                    } catch (IOException e) {
                        LOG.log(WARNING, "the Runtime API at " + upstream.get() + " cannot be reached: " + e.getMessage());
                        badGateway(toRuntime);
                        return;
                    }
                    fromLambda = new BufferedInputStream(lambda.getInputStream(), BUFFER);
                    toLambda = new BufferedOutputStream(lambda.getOutputStream(), BUFFER);
                }
                if (!relay(request, fromRuntime, toRuntime, fromLambda, toLambda)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The runtime or Lambda went away mid-message; the other side sees its connection end too.
            LOG.log(DEBUG, () -> "proxy connection ended: " + e.getMessage());
        } finally {
            closeQuietly(lambda);
        }
    }

    /** Relays one request and its answer; returns whether the connection goes on. */
    private boolean relay(HttpHead request, InputStream fromRuntime, OutputStream toRuntime,
                          InputStream fromLambda, OutputStream toLambda) throws IOException {
        toLambda.write(request.bytes());
        List<HttpHead.Field> trailers = List.of();
        PayloadCopy requestBody = new PayloadCopy(observer.keepRequest(request));
        HttpHead response;
        if (request.header("Expect").filter(v -> v.equalsIgnoreCase("100-continue")).isPresent()) {
            // The client waits for Lambda's word before sending the body: relay that word first.
            toLambda.flush();
            response = interimOrFinal(fromLambda, toRuntime);
            if (response.status() == 100) {
                trailers = Body.request(request, fromRuntime, toLambda, requestBody).trailers();
                toLambda.flush();
                response = finalHead(fromLambda, toRuntime);
            }
        } else {
            trailers = Body.request(request, fromRuntime, toLambda, requestBody).trailers();
            toLambda.flush();
            response = finalHead(fromLambda, toRuntime);
        }
        toRuntime.write(response.bytes());
        PayloadCopy responseBody = new PayloadCopy(observer.keepAnswer(request, response));
        Body.Relayed relayed = request.method().equals("HEAD") ? Body.Relayed.NONE
                : Body.response(response, fromLambda, toRuntime, responseBody);
        toRuntime.flush();
        try {
            observer.exchanged(new Exchange(request, requestBody, trailers, response, responseBody));
        } catch (RuntimeException e) {
            LOG.log(WARNING, "capture failed; the invocation went through untouched: " + e, e);
        }
        return !relayed.endedByClose() && !response.closes() && !request.closes();
    }

    /** The next head from Lambda; a 100 Continue is relayed and returned, other 1xx are relayed and skipped. */
    private static HttpHead interimOrFinal(InputStream fromLambda, OutputStream toRuntime) throws IOException {
        while (true) {
            HttpHead head = HttpHead.read(fromLambda).orElseThrow(() -> new IOException("the Runtime API closed the connection"));
            int status = head.status();
            if (status / 100 != 1 || status == 100) {
                if (status == 100) {
                    toRuntime.write(head.bytes());
                    toRuntime.flush();
                }
                return head;
            }
            toRuntime.write(head.bytes());
            toRuntime.flush();
        }
    }

    private static HttpHead finalHead(InputStream fromLambda, OutputStream toRuntime) throws IOException {
        while (true) {
            HttpHead head = interimOrFinal(fromLambda, toRuntime);
            if (head.status() != 100) {
                return head;
            }
        }
    }

    private static Socket connect(String hostAndPort) throws IOException {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("not host:port: " + hostAndPort);
        }
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        // Untimed, as LambdaApiClient's: the Runtime API is on loopback, and a timed connect would
        // make every read of the relay a failed read, a poll and a second read.
        socket.connect(new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))));
        return socket;
    }

    private static void badGateway(OutputStream toRuntime) throws IOException {
        byte[] body = "{\"errorType\":\"Lambdascope.ProxyUpstreamUnreachable\",\"errorMessage\":\"the Runtime API cannot be reached\"}"
                .getBytes(StandardCharsets.UTF_8);
        toRuntime.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        toRuntime.write(body);
        toRuntime.flush();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do.
            }
        }
    }
}
