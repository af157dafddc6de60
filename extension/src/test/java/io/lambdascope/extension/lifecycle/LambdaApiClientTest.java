package io.lambdascope.extension.lifecycle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a server that answers exactly the bytes each test scripts, including the
 * framings and connection endings the JDK's server never produces.
 */
class LambdaApiClientTest {

    /** What the server does with one request on a connection: its answer bytes, and whether it closes after. */
    private record Step(String answer, boolean close) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    /** Each request as received, head and body, and the number of the connection it came on. */
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    LambdaApiClientTest() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private void accept() {
        int connections = 0;
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connections++;
                InputStream in = socket.getInputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        break;
                    }
                    requests.add(connections + " " + request);
                    Step step = steps.take();
                    socket.getOutputStream().write(step.answer().getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                    if (step.close()) {
                        break;
                    }
                }
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = text.lines().filter(line -> line.startsWith("Content-Length: "))
                .mapToInt(line -> Integer.parseInt(line.substring(16))).findFirst().orElse(0);
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private LambdaApiClient client() {
        return LambdaApiClient.of("127.0.0.1:" + server.getLocalPort());
    }

    @Test
    void sendsAJsonRequestAndReadsAContentLengthAnswer() throws IOException {
        steps.add(new Step("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: id-1\r\nContent-Length: 2\r\n\r\n{}", false));

        LambdaApiClient.Answer answer = client().send("POST", "/2020-01-01/extension/register",
                Map.of("Lambda-Extension-Name", "lambdascope"), "{\"events\":[\"INVOKE\"]}");

        assertEquals(200, answer.status());
        assertEquals("{}", answer.body());
        assertEquals("id-1", answer.header("lambda-extension-identifier").orElseThrow());
        String request = requests.getFirst();
        assertTrue(request.startsWith("1 POST /2020-01-01/extension/register HTTP/1.1\r\n"), request);
        assertTrue(request.contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), request);
        assertTrue(request.contains("\r\nLambda-Extension-Name: lambdascope\r\n"), request);
        assertTrue(request.contains("\r\nContent-Type: application/json\r\n"), request);
        assertTrue(request.endsWith("\r\nContent-Length: 21\r\n\r\n{\"events\":[\"INVOKE\"]}"), request);
    }

    @Test
    void readsAChunkedAnswerWithExtensionsAndTrailersAndKeepsTheConnection() throws IOException {
        steps.add(new Step("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\n{\"eve\r\n10\r\nntType\":\"INVOKE\"\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n", false));
        steps.add(new Step("HTTP/1.1 204 No Content\r\n\r\n", false));
        LambdaApiClient client = client();

        assertEquals("{\"eventType\":\"INVOKE\"}", client.send("GET", "/next", Map.of(), null).body());
        assertEquals(204, client.send("GET", "/next", Map.of(), null).status());
        assertTrue(requests.get(1).startsWith("1 GET /next"), "the same connection: " + requests);
        assertTrue(!requests.getFirst().contains("Content-Length"), "a GET without a body has no length: " + requests);
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedAndTheRequestSentAgain() throws IOException {
        steps.add(new Step("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", true));
        steps.add(new Step("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb", false));
        LambdaApiClient client = client();

        assertEquals("a", client.send("GET", "/first", Map.of(), null).body());
        assertEquals("b", client.send("GET", "/second", Map.of(), null).body());
        assertEquals(2, requests.size(), "the second request reached the server once: " + requests);
        assertTrue(requests.get(1).startsWith("2 GET /second"), "on a new connection: " + requests);
    }

    @Test
    void anAnswerWithoutLengthEndsWithItsConnection() throws IOException {
        steps.add(new Step("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\nbroken", true));

        LambdaApiClient.Answer answer = client().send("GET", "/next", Map.of(), null);

        assertEquals(500, answer.status());
        assertEquals("broken", answer.body());
    }

    @Test
    void malformedOrOversizeAnswersAreClearErrors() {
        steps.add(new Step("SSH-2.0-OpenSSH\r\n\r\n", true));
        steps.add(new Step("HTTP/1.1 200 OK\r\nContent-Length: " + (LambdaApiClient.MAX_BODY + 1) + "\r\n\r\n", true));
        steps.add(new Step("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true));
        steps.add(new Step("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true));
        LambdaApiClient client = client();

        assertTrue(assertThrows(IOException.class, () -> client.send("GET", "/", Map.of(), null)).getMessage()
                .contains("not an HTTP/1.1 answer: SSH-2.0-OpenSSH"));
        assertTrue(assertThrows(IOException.class, () -> client.send("GET", "/", Map.of(), null)).getMessage()
                .contains("at most " + LambdaApiClient.MAX_BODY));
        assertTrue(assertThrows(IOException.class, () -> client.send("GET", "/", Map.of(), null)).getMessage()
                .contains("malformed chunk size: zz"));
        assertTrue(assertThrows(IOException.class, () -> client.send("GET", "/", Map.of(), null)).getMessage()
                .contains("closed in the middle of an answer"));
    }

    @Test
    void anAddressThatIsNotHostAndPortIsRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> LambdaApiClient.of("localhost"));
        assertThrows(IllegalArgumentException.class, () -> LambdaApiClient.of("localhost:http"));
        assertEquals("[::1]:9001", LambdaApiClient.of("[::1]:9001").address());
        // Port 1, not a closed ephemeral port: connecting to one of those can connect the socket to
        // itself (the kernel may pick the same port as the source) and then wait for ever.
        assertThrows(IOException.class, () -> LambdaApiClient.of("127.0.0.1:1").send("GET", "/", Map.of(), null), "nothing listens");
    }
}
