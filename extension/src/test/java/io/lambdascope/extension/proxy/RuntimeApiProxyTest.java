package io.lambdascope.extension.proxy;

import io.lambdascope.extension.http.HttpHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy between a runtime and a stand-in Runtime API on raw sockets: every byte either side
 * sends reaches the other unchanged, framing included, and the observer sees the exchange.
 */
class RuntimeApiProxyTest {

    private static final String ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

    private ServerSocket lambda;
    private RuntimeApiProxy proxy;
    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        lambda = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        lambda.setSoTimeout(10_000);
        proxy = RuntimeApiProxy.bind(0);
        proxy.start(() -> "127.0.0.1:" + lambda.getLocalPort(), new ExchangeObserver() {
            @Override
            public int keepRequest(HttpHead request) {
                return 64;
            }

            @Override
            public int keepAnswer(HttpHead request, HttpHead answer) {
                return 64;
            }

            @Override
            public void exchanged(Exchange exchange) {
                exchanges.add(exchange);
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        lambda.close();
    }

    @Test
    void aLongPollAndItsEventPassUnchangedAndTheEventIsSeen() throws Exception {
        byte[] request = ("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n"
                + "User-Agent: aws-lambda-java/25\r\nX-Odd-Header:  spaced  \r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        String event = "{\"path\":\"/orders\",\"body\":\"" + "x".repeat(200) + "\"}";
        byte[] response = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: " + ID
                + "\r\nLambda-Runtime-Deadline-Ms: 1700000000000\r\nContent-Length: " + event.length() + "\r\n\r\n" + event)
                .getBytes(StandardCharsets.ISO_8859_1);

        try (Socket runtime = connect(); Socket upstream = acceptLambda(runtime, request)) {
            assertArrayEquals(request, readExactly(upstream.getInputStream(), request.length), "the request, byte for byte");
            upstream.getOutputStream().write(response);
            assertArrayEquals(response, readExactly(runtime.getInputStream(), response.length), "the answer, byte for byte");
        }
        Exchange exchange = exchanges.poll(10, TimeUnit.SECONDS);
        assertNotNull(exchange);
        assertEquals(Exchange.Kind.NEXT, exchange.kind());
        assertEquals(ID, exchange.requestId().orElseThrow());
        assertEquals(event.length(), exchange.responseBody().total());
        assertEquals(64, exchange.responseBody().bytes().length, "kept up to the observer's cap");
        assertTrue(exchange.responseBody().truncated());
    }

    @Test
    void aStreamedResponseWithErrorTrailersPassesChunkByChunk() throws Exception {
        String head = "POST /2018-06-01/runtime/invocation/" + ID + "/response HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n"
                + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n";
        String first = "5;ext=1\r\nhello\r\n";
        String rest = "6\r\n world\r\n0\r\nLambda-Runtime-Function-Error-Type: Function.Oops\r\n"
                + "Lambda-Runtime-Function-Error-Body: eyJlcnJvciI6dHJ1ZX0=\r\n\r\n";
        byte[] accepted = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        try (Socket runtime = connect(); Socket upstream = acceptLambda(runtime, (head + first).getBytes(StandardCharsets.ISO_8859_1))) {
            byte[] sent = (head + first).getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(sent, readExactly(upstream.getInputStream(), sent.length),
                    "the first chunk reaches Lambda before the runtime sends the next");
            runtime.getOutputStream().write(rest.getBytes(StandardCharsets.ISO_8859_1));
            byte[] tail = rest.getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(tail, readExactly(upstream.getInputStream(), tail.length), "chunks and trailers as sent");
            upstream.getOutputStream().write(accepted);
            assertArrayEquals(accepted, readExactly(runtime.getInputStream(), accepted.length));
        }
        Exchange exchange = exchanges.poll(10, TimeUnit.SECONDS);
        assertNotNull(exchange);
        assertEquals(Exchange.Kind.RESPONSE, exchange.kind());
        assertEquals(ID, exchange.requestId().orElseThrow());
        assertEquals("hello world", new String(exchange.requestBody().bytes(), StandardCharsets.UTF_8));
        assertEquals(List.of(new HttpHead.Field("Lambda-Runtime-Function-Error-Type", "Function.Oops"),
                new HttpHead.Field("Lambda-Runtime-Function-Error-Body", "eyJlcnJvciI6dHJ1ZX0=")), exchange.requestTrailers());
    }

    @Test
    void aConnectionCarriesRequestsOneAfterAnotherIncludingEmptyAndExpectContinueBodies() throws Exception {
        byte[] error = ("POST /2018-06-01/runtime/invocation/" + ID + "/error HTTP/1.1\r\nHost: h\r\n"
                + "Lambda-Runtime-Function-Error-Type: Runtime.UserException\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        String body = "{\"errorMessage\":\"init failed\"}";
        byte[] initErrorHead = ("POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] proceed = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        try (Socket runtime = connect(); Socket upstream = acceptLambda(runtime, error)) {
            assertArrayEquals(error, readExactly(upstream.getInputStream(), error.length));
            upstream.getOutputStream().write(accepted);
            assertArrayEquals(accepted, readExactly(runtime.getInputStream(), accepted.length));

            runtime.getOutputStream().write(initErrorHead);
            assertArrayEquals(initErrorHead, readExactly(upstream.getInputStream(), initErrorHead.length),
                    "the same connection to Lambda carries the next request");
            upstream.getOutputStream().write(proceed);
            assertArrayEquals(proceed, readExactly(runtime.getInputStream(), proceed.length), "100 Continue is relayed");
            runtime.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(body, new String(readExactly(upstream.getInputStream(), body.length()), StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().write(accepted);
            assertArrayEquals(accepted, readExactly(runtime.getInputStream(), accepted.length));
        }
        assertEquals(Exchange.Kind.ERROR, exchanges.poll(10, TimeUnit.SECONDS).kind());
        Exchange initError = exchanges.poll(10, TimeUnit.SECONDS);
        assertEquals(Exchange.Kind.INIT_ERROR, initError.kind());
        assertFalse(initError.requestId().isPresent());
        assertEquals(body, new String(initError.requestBody().bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anUnreachableRuntimeApiIsAnsweredWithABadGateway() throws Exception {
        int closedPort = lambda.getLocalPort();
        lambda.close();
        try (RuntimeApiProxy lonely = RuntimeApiProxy.bind(0)) {
            lonely.start(() -> "127.0.0.1:" + closedPort, ExchangeObserver.NONE);
            try (Socket runtime = new Socket(InetAddress.getLoopbackAddress(), lonely.port())) {
                runtime.setSoTimeout(10_000);
                runtime.getOutputStream().write("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: h\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(runtime.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 502 "), answer);
            }
        }
    }

    private Socket connect() throws IOException {
        Socket runtime = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        runtime.setSoTimeout(10_000);
        return runtime;
    }

    /** Sends the runtime's first bytes, which makes the proxy connect to Lambda, and accepts that connection. */
    private Socket acceptLambda(Socket runtime, byte[] first) throws IOException {
        runtime.getOutputStream().write(first);
        Socket upstream = lambda.accept();
        upstream.setSoTimeout(10_000);
        return upstream;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (read.size() < length) {
            int n = in.read(buffer, 0, Math.min(buffer.length, length - read.size()));
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toByteArray();
    }
}
