package io.lambdascope.sandbox.sink;

import io.lambdascope.sandbox.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An embedded OTLP/HTTP receiver that keeps what it receives, so a sandbox run and its tests can
 * see what the extension exported. Listens on 127.0.0.1 only; point {@code
 * LAMBDASCOPE_EXPORT_ENDPOINT} at {@link #endpoint()}.
 *
 * <p>Accepts {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs} in {@code
 * application/x-protobuf} or OTLP {@code application/json}, optionally gzip-compressed, and keeps
 * the decoded {@code Export*ServiceRequest}s. Thread-safe: accessors return immutable snapshots,
 * and the {@code await} methods wait on the arrival itself. A {@link Fault} can be set at any time.
 */
public final class OtlpSink implements AutoCloseable {

    private final SinkState state = new SinkState();
    private final HttpServer server;

    private OtlpSink(int port) throws IOException {
        // 127.0.0.1 explicitly, not whatever "localhost" resolves to: the endpoint is handed to a process as a URL.
        InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        server = HttpServer.start(loopback, port, new ExportRoute(state));
    }

    /**
     * Runs the sink's receive path once on a throwaway sink, so that a run's first exports are not
     * decoded by cold code beside the function; see {@link SinkWarmUp}.
     */
    public static void warmUp() throws IOException, InterruptedException {
        SinkWarmUp.run();
    }

    /** Starts a sink on an ephemeral loopback port. */
    public static OtlpSink start() throws IOException {
        return new OtlpSink(0);
    }

    /** Starts a sink on {@code port} of 127.0.0.1 (0 for an ephemeral one). */
    public static OtlpSink start(int port) throws IOException {
        return new OtlpSink(port);
    }

    /** The OTLP/HTTP base URL, e.g. {@code http://127.0.0.1:43187}; signal paths are appended to it. */
    public String endpoint() {
        return "http://" + server.address().getAddress().getHostAddress() + ":" + server.port();
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    /** The address listened on, always a loopback one. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Everything accepted so far, with the counts. */
    public SinkContents contents() {
        return state.snapshot();
    }

    /** The counts alone, for the run report (Jackson serialises the record as is). */
    public SinkCounts counts() {
        return state.counts();
    }

    /**
     * Waits until the contents satisfy {@code condition} and returns the contents that did.
     *
     * @throws TimeoutException when {@code timeout} passes first, or the sink closes; the message says what it holds
     */
    public SinkContents await(Predicate<SinkContents> condition, Duration timeout)
            throws TimeoutException, InterruptedException {
        return state.await(condition, timeout);
    }

    /** Waits until at least {@code n} spans were accepted. */
    public SinkContents awaitSpans(long n, Duration timeout) throws TimeoutException, InterruptedException {
        return await(c -> c.counts().spans() >= n, timeout);
    }

    /** Waits until at least {@code n} metric data points were accepted. */
    public SinkContents awaitMetricPoints(long n, Duration timeout) throws TimeoutException, InterruptedException {
        return await(c -> c.counts().metricPoints() >= n, timeout);
    }

    /** Waits until at least {@code n} log records were accepted. */
    public SinkContents awaitLogRecords(long n, Duration timeout) throws TimeoutException, InterruptedException {
        return await(c -> c.counts().logRecords() >= n, timeout);
    }

    /** Waits until at least {@code n} requests reached the sink, whatever their fate (e.g. retries against a fault). */
    public SinkContents awaitRequests(long n, Duration timeout) throws TimeoutException, InterruptedException {
        return await(c -> c.counts().requests() >= n, timeout);
    }

    /** Sets the fault for the requests that follow; a request held by {@link Fault#neverAnswer()} is released (its connection closed). */
    public void fault(Fault fault) {
        state.fault(fault);
    }

    /** Sets the fault from its command-line form (see {@link Fault#parse(String)}). */
    public void fault(String flag) {
        state.fault(Fault.parse(flag));
    }

    /** The fault in force now; {@link Fault#NONE} once a counted fault has run out. */
    public Fault currentFault() {
        return state.fault();
    }

    /** Back to accepting every request at once. */
    public void clearFault() {
        state.fault(Fault.NONE);
    }

    /** Forgets everything received and every count; the fault in force stays. */
    public void clear() {
        state.clear();
    }

    /** One line for the terminal: endpoint, counts per signal and service, fault in force. */
    public String summary() {
        Fault fault = state.fault();
        return "OTLP sink at " + endpoint() + ": " + state.counts().summary()
                + (fault.none() ? "" : "; fault: " + fault);
    }

    @Override
    public String toString() {
        return summary();
    }

    /** Stops listening, releases held and delayed requests, and closes every connection. */
    @Override
    public void close() {
        state.close();
        server.close();
    }
}
