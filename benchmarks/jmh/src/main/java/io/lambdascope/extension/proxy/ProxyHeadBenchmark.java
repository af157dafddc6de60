package io.lambdascope.extension.proxy;

import io.lambdascope.extension.http.HttpHead;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The Runtime API proxy's per-message work that is not a system call: reading a message head off
 * the connection's buffered stream, as the relay does four times per invocation. The message is
 * Lambda's answer to {@code invocation/next}, head and event, over and over on one stream. In the
 * proxy's package, to reach its package-private reader. One operation is one head.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms64m", "-Xmx64m"})
public class ProxyHeadBenchmark {

    private static final String EVENT = "{\"resource\":\"/orders/{id}\",\"path\":\"/orders/42\",\"httpMethod\":\"GET\"}";
    private static final String HEAD = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json\r\n"
            + "Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd\r\n"
            + "Lambda-Runtime-Deadline-Ms: 1542409706888\r\n"
            + "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-2:123456789012:function:custom-runtime\r\n"
            + "Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n"
            + "Date: Fri, 16 Nov 2018 23:08:26 GMT\r\n"
            + "Content-Length: " + EVENT.length() + "\r\n"
            + "\r\n";

    private InputStream connection;

    @Setup
    public void connect() {
        byte[] message = (HEAD + EVENT).getBytes(StandardCharsets.ISO_8859_1);
        InputStream endless = new InputStream() {
            private int at;

            @Override
            public int read() {
                int b = message[at] & 0xff;
                at = (at + 1) % message.length;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = Math.min(len, message.length - at);
                System.arraycopy(message, at, b, off, n);
                at = (at + n) % message.length;
                return n;
            }
        };
        connection = new BufferedInputStream(endless, 16 * 1024);
    }

    @Benchmark
    public HttpHead readHead() throws IOException {
        HttpHead head = HttpHead.read(connection).orElseThrow();
        connection.skipNBytes(head.contentLength());
        return head;
    }
}
