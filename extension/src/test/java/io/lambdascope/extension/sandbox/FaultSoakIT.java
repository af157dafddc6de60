package io.lambdascope.extension.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.InvocationResult;
import io.lambdascope.sandbox.Sandbox;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.sink.Fault;
import io.lambdascope.sandbox.sink.OtlpSink;
import io.lambdascope.sandbox.sink.SinkContents;
import io.lambdascope.sandbox.telemetry.SubscriberReport;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.lambdascope.extension.fake.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault soak: the built layer's extension in the sandbox against a misbehaving backend, a
 * misbehaving function and a misbehaving platform. Every scenario holds the same three promises:
 * <ol>
 *   <li>no function response changes: each invocation ends as the function made it end, with the
 *       body it returned;</li>
 *   <li>the time after the runtime is done stays within the overhead budget (the median, with
 *       PipelineIT's scheduling margin), and no invocation waits for the backend;</li>
 *   <li>every log record the function produced is delivered to the sink exactly once or counted
 *       as dropped with a reason: sink (deduplicated, and no duplicates) + the drops the extension
 *       reports in its shutdown line = produced.</li>
 * </ol>
 * Log records are the item whose number the test knows exactly (N invocations × M lines); spans
 * and metric points are listed in the results but not balanced, since the extension makes them.
 * With {@code -Dlambdascope.soak.results=FILE} each scenario appends one tab-separated line of
 * its results, which {@code extension/reliability} renders into docs/reliability.md.
 */
class FaultSoakIT {

    private static final Duration BUDGET = Duration.ofMillis(50);
    /** What the machine may add to the budget: a scheduler tick or two, a thaw, a JIT pause (as PipelineIT). */
    private static final Duration SCHEDULING_MARGIN = Duration.ofMillis(40);
    /** Far above the budget: an invocation that took this long after its runtime waited for the backend. */
    private static final Duration WAITED_FOR_BACKEND = Duration.ofSeconds(1);
    private static final int LINES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code 12 logs shutdown} in the shutdown line: count, signal, reason. */
    private static final Pattern DROP = Pattern.compile("(\\d+) (traces|metrics|logs) (\\w+)");
    private static final Pattern TOTALS = Pattern.compile("exported (\\d+) items, .*, took (\\d+) items in all");

    @TempDir
    Path taskRoot;

    private final List<String> extensionLog = Collections.synchronizedList(new ArrayList<>());

    // ---------------------------------------------------------------- the backend misbehaves

    @Test
    void healthyBackend() throws Exception {
        Outcome outcome = soak(new Scenario("healthy backend (control)", "end-of-invocation").invocations(10));
        assertEquals(Map.of(), outcome.droppedLogs(), "a healthy backend loses nothing");
        outcome.record("Control: with a healthy backend every line arrives once and nothing is dropped.");
    }

    @Test
    void slowBackendBelowTheExportTimeout() throws Exception {
        Outcome outcome = soak(new Scenario("slow backend, 300 ms (below the export timeout)", "end-of-invocation").invocations(10)
                .env("LAMBDASCOPE_EXPORT_TIMEOUT_MS", "2000").before(sandbox -> sink(sandbox).fault(Fault.delay(Duration.ofMillis(300)))));
        assertEquals(Map.of(), outcome.droppedLogs(), "a slow backend loses nothing");
        outcome.record("A backend that answers in 300 ms, six times the budget: invocations are released at the budget, "
                + "the export finishes in the background and every line arrives once.");
    }

    @Test
    void slowBackendAboveTheExportTimeout() throws Exception {
        Outcome outcome = soak(new Scenario("slow backend, 1.5 s (above the export timeout)", "end-of-invocation").invocations(10)
                .env("LAMBDASCOPE_EXPORT_TIMEOUT_MS", "500")
                .before(sandbox -> sink(sandbox).fault(Fault.status(503).delayed(Duration.ofMillis(1500)).times(6))));
        outcome.record("A backend that takes 1.5 s to answer 503 to its first six requests, three times the 500 ms export "
                + "timeout: the extension gives up on each request at its timeout and never holds an invocation for it. In this "
                + "short run the failures open the breaker and nothing reaches the sink before SHUTDOWN; every line is then "
                + "counted as dropped with reason shutdown, none lost uncounted. (A backend that keeps a request after the "
                + "client gave up on it would receive that batch twice: OTLP has no idempotency key, so export is at least once.)");
    }

    @Test
    void serverErrorBurst() throws Exception {
        Outcome outcome = soak(new Scenario("5xx burst (8 × 503)", "end-of-invocation").invocations(10)
                .before(sandbox -> sink(sandbox).fault(Fault.status(503).times(8))));
        assertEquals(Map.of(), outcome.droppedLogs(), "retried, not dropped");
        outcome.record("Eight 503 answers in a row: retried with backoff, the breaker opens and probes, and everything "
                + "arrives once the backend recovers.");
    }

    @Test
    void tooManyRequestsWithRetryAfter() throws Exception {
        Outcome outcome = soak(new Scenario("429 with Retry-After: 1", "end-of-invocation").invocations(10)
                .before(sandbox -> sink(sandbox).fault(Fault.status(429).retryAfter(Duration.ofSeconds(1)).times(2)))
                .pauseBeforeLast(Duration.ofSeconds(2)));
        assertEquals(Map.of(), outcome.droppedLogs(), "retried after the backend's wait, not dropped");
        outcome.record("Two 429 answers asking for a one-second wait: the extension honours it without holding an invocation "
                + "for it, and the lines go out with a later flush.");
    }

    @Test
    void connectionReset() throws Exception {
        Outcome outcome = soak(new Scenario("connection reset (4 requests)", "end-of-invocation").invocations(10)
                .before(sandbox -> sink(sandbox).fault(Fault.reset().times(4))));
        assertEquals(Map.of(), outcome.droppedLogs(), "retried on a new connection, not dropped");
        outcome.record("The backend closes four connections without answering: each request is retried on a new connection.");
    }

    @Test
    void untrustedCertificate() throws Exception {
        try (TlsServer tls = TlsServer.selfSigned(taskRoot.resolve("tls"))) {
            Outcome outcome = soak(new Scenario("TLS failure (untrusted certificate)", "end-of-invocation").invocations(10)
                    .env("LAMBDASCOPE_EXPORT_ENDPOINT", tls.endpoint()));
            assertTrue(tls.handshakes() > 0, "the extension tried the TLS endpoint");
            assertEquals(0, outcome.delivered(), "nothing goes to a backend whose certificate is not trusted");
            outcome.record("The endpoint's certificate is self-signed and not trusted: every TLS handshake fails, so nothing is "
                    + "exported, invocations are not held for it, and every line is counted as dropped at shutdown.");
        }
    }

    @Test
    void backendThatNeverAnswers() throws Exception {
        Outcome outcome = soak(new Scenario("backend never answers", "end-of-invocation").invocations(10)
                .env("LAMBDASCOPE_EXPORT_TIMEOUT_MS", "4000").before(sandbox -> sink(sandbox).fault(Fault.neverAnswer())));
        assertEquals(0, outcome.delivered());
        outcome.record("A backend that reads every request and never answers: the breaker stops invocations from waiting, and "
                + "every line is counted as dropped at shutdown.");
    }

    // ---------------------------------------------------------------- the environment misbehaves

    @Test
    void frozenMidExport() throws Exception {
        Outcome outcome = soak(new Scenario("frozen mid-export", "continuous").invocations(10)
                .env("LAMBDASCOPE_FLUSH_INTERVAL_MS", "100")
                .before(sandbox -> sink(sandbox).fault(Fault.delay(Duration.ofMillis(400))))
                .pauseBetween(Duration.ofMillis(300)));
        assertEquals(Map.of(), outcome.droppedLogs(), "an export a freeze broke is sent again, not dropped");
        outcome.record("Continuous flushing every 100 ms to a backend that takes 400 ms: the environment is frozen with "
                + "exports in flight (the sandbox freezes it 300 ms after each invocation) and thawed by the next invocation; "
                + "each line arrives exactly once.");
    }

    @Test
    void shutdownWithALargeBuffer() throws Exception {
        Outcome outcome = soak(new Scenario("SHUTDOWN with a large buffer", "periodic").invocations(10).lines(500)
                .env("LAMBDASCOPE_FLUSH_INTERVAL_MS", "600000").env("LAMBDASCOPE_BATCH_MAX_ITEMS", "100000"));
        outcome.record("5000 lines buffered by a periodic flush whose interval never comes, then SHUTDOWN: the final flush "
                + "sends them within the shutdown window, and whatever it cannot send is counted with reason shutdown.");
    }

    @Test
    void functionTimeout() throws Exception {
        Outcome outcome = soak(new Scenario("function times out", "end-of-invocation").invocations(6)
                .outcomes(List.of("success", "success", "timeout", "success", "success", "success")));
        assertEquals(Map.of(), outcome.droppedLogs());
        outcome.record("The third invocation overruns its 3 s timeout and the sandbox resets the environment (SHUTDOWN "
                + "with reason timeout, then a new init): the lines written before the timeout still arrive.");
    }

    @Test
    void functionCrash() throws Exception {
        Outcome outcome = soak(new Scenario("function crashes (runtime exits)", "end-of-invocation").invocations(6)
                .outcomes(List.of("success", "success", "crash", "success", "success", "success")));
        assertEquals(Map.of(), outcome.droppedLogs());
        outcome.record("The runtime process exits in the middle of the third invocation: the environment is reset, and the "
                + "lines written before the exit still arrive.");
    }

    @Test
    void lambdaDropsLogs() throws Exception {
        Outcome outcome = soak(new Scenario("Lambda drops logs (platform.logsDropped)", "end-of-invocation").invocations(10)
                .beforeEach((sandbox, i) -> {
                    if (i % 2 == 1) {
                        sandbox.loseFunctionLines(5);
                    }
                }));
        assertEquals(Map.of("lambda_logs_dropped", 25L), outcome.droppedLogs(), "what Lambda lost is counted, with its own reason");
        outcome.record("The platform loses 5 lines of every second invocation and says so in platform.logsDropped: "
                + "the extension counts them as dropped (reason lambda_logs_dropped) and the rest arrive.");
    }

    // ---------------------------------------------------------------- the inputs misbehave

    @Test
    void gzipBombAndOversizeAtTheReceiver() throws Exception {
        Outcome outcome = soak(new Scenario("gzip bomb and oversize body at the OTLP receiver", "end-of-invocation").invocations(5)
                .probes(List.of("gzip-bomb", "oversize", "otlp-log")));
        for (JsonNode answer : outcome.answers()) {
            assertEquals(413, answer.path("gzip-bomb").asInt(), "the bomb is refused: " + answer);
            assertTrue(List.of(413, -1).contains(answer.path("oversize").asInt()), "the oversize body is refused: " + answer);
            assertEquals(200, answer.path("otlp-log").asInt(), "the receiver still takes a valid request: " + answer);
        }
        assertEquals(Map.of(), outcome.droppedLogs());
        outcome.record("Each invocation sends the receiver a gzip body that inflates to 64 MiB and a 4 MiB + 1 byte body, both "
                + "refused with 413 (refused bodies hold no items to count), then one valid OTLP log record, which arrives "
                + "with the function's lines.");
    }

    @Test
    void malformedTelemetry() throws Exception {
        Outcome outcome = soak(new Scenario("malformed Telemetry API batches", "end-of-invocation").invocations(5)
                .probes(List.of("malformed-telemetry", "not-an-array")));
        for (JsonNode answer : outcome.answers()) {
            assertEquals(400, answer.path("malformed-telemetry").asInt(), "a body that is not JSON is refused: " + answer);
            assertEquals(400, answer.path("not-an-array").asInt(), "a body that is not an array is refused: " + answer);
        }
        assertEquals(Map.of(), outcome.droppedLogs());
        assertEquals(10, (long) outcome.refusedTelemetry(), "each malformed body counted in lambdascope.telemetry.refused");
        outcome.record("Each invocation posts a truncated JSON body and a JSON object to the Telemetry API listener: both are "
                + "answered 400 and counted in lambdascope.telemetry.refused{reason=malformed}, and Lambda's own batches "
                + "keep arriving.");
    }

    // ---------------------------------------------------------------- the run

    private static OtlpSink sink(Sandbox sandbox) {
        return sandbox.sink().orElseThrow();
    }

    /** What one scenario runs: the workload, the strategy, the fault. */
    private static final class Scenario {
        final String name;
        final String strategy;
        int invocations = 10;
        int lines = LINES;
        List<String> outcomes = List.of();
        List<String> probes = List.of();
        final Map<String, String> env = new TreeMap<>();
        Consumer<Sandbox> before = sandbox -> { };
        BeforeEach beforeEach = (sandbox, i) -> { };
        Duration pauseBetween = Duration.ZERO;
        Duration pauseBeforeLast = Duration.ZERO;

        Scenario(String name, String strategy) {
            this.name = name;
            this.strategy = strategy;
        }

        Scenario invocations(int n) { invocations = n; return this; }
        Scenario lines(int n) { lines = n; return this; }
        Scenario outcomes(List<String> o) { outcomes = o; invocations = o.size(); return this; }
        Scenario probes(List<String> p) { probes = p; return this; }
        Scenario env(String name, String value) { env.put(name, value); return this; }
        Scenario before(Consumer<Sandbox> b) { before = b; return this; }
        Scenario beforeEach(BeforeEach b) { beforeEach = b; return this; }
        Scenario pauseBetween(Duration d) { pauseBetween = d; return this; }
        Scenario pauseBeforeLast(Duration d) { pauseBeforeLast = d; return this; }

        String outcome(int i) {
            return outcomes.isEmpty() ? "success" : outcomes.get(i);
        }

        String event(int i) throws IOException {
            return JSON.writeValueAsString(Map.of("outcome", outcome(i), "lines", lines, "probes", probes));
        }
    }

    @FunctionalInterface
    private interface BeforeEach {
        void accept(Sandbox sandbox, int invocation) throws Exception;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Outcome soak(Scenario scenario) throws Exception {
        Sandbox.Builder builder = SoakFunction.withLayer(taskRoot)
                .env("LAMBDASCOPE_OVERHEAD_BUDGET_MS", String.valueOf(BUDGET.toMillis()))
                .env("LAMBDASCOPE_FLUSH", scenario.strategy)
                // The function's stream only: the extension's own log lines are not a count the test knows.
                .env("LAMBDASCOPE_TELEMETRY_TYPES", "platform,function")
                // Ports of their own, so that another build's sandbox on the machine cannot answer.
                .env("LAMBDASCOPE_PROXY_PORT", String.valueOf(freePort()))
                .env("LAMBDASCOPE_TELEMETRY_PORT", String.valueOf(freePort()))
                .env("LAMBDASCOPE_OTLP_HTTP_PORT", String.valueOf(freePort()))
                .env("LAMBDASCOPE_OTLP_GRPC_PORT", String.valueOf(freePort()))
                .output((source, line) -> {
                    if (!source.equals("runtime")) {
                        extensionLog.add(line);
                    }
                })
                .timeout(Duration.ofSeconds(3)).otlpSink(true);
        scenario.env.forEach(builder::env);
        List<InvocationResult> results = new ArrayList<>();
        SinkContents contents;
        RunReport report;
        try (Sandbox sandbox = builder.build()) {
            sandbox.init();
            scenario.before.accept(sandbox);
            for (int i = 0; i < scenario.invocations; i++) {
                if (i == scenario.invocations - 1 && !scenario.pauseBeforeLast.isZero()) {
                    Thread.sleep(scenario.pauseBeforeLast.toMillis());
                }
                if (i > 0 && !scenario.pauseBetween.isZero()) {
                    Thread.sleep(scenario.pauseBetween.toMillis());
                }
                if (i > 0 && results.getLast().status().matches("timeout|failure|error") && !scenario.outcome(i - 1).equals("error")) {
                    sandbox.init();
                }
                scenario.beforeEach.accept(sandbox, i);
                results.add(sandbox.invoke(scenario.event(i)));
            }
            sandbox.shutdown();
            contents = sink(sandbox).contents();
            report = sandbox.report();
        }
        return new Outcome(scenario, results, contents, report, List.copyOf(extensionLog));
    }

    /** What a run produced, delivered and reported, checked against the three promises. */
    private static final class Outcome {
        final Scenario scenario;
        final List<InvocationResult> results;
        final SinkContents contents;
        final RunReport report;
        final String context;
        final long produced;
        final long deliveredRecords;
        final long distinct;
        final Map<String, Long> droppedLogs = new TreeMap<>();
        final Map<String, Long> droppedAll = new TreeMap<>();
        final List<Long> postRuntime;
        final String shutdownLine;

        Outcome(Scenario scenario, List<InvocationResult> results, SinkContents contents, RunReport report, List<String> log) {
            this.scenario = scenario;
            this.results = results;
            this.contents = contents;
            this.report = report;
            this.context = scenario.name + "; sink: " + contents.counts().summary() + "; extension log:\n" + String.join("\n", log);

            // 1. Responses: as the function made them.
            for (int i = 0; i < results.size(); i++) {
                InvocationResult result = results.get(i);
                switch (scenario.outcome(i)) {
                    case "success" -> {
                        assertEquals("success", result.status(), result.bodyText() + "; " + context);
                        JsonNode body = json(result.bodyText());
                        assertEquals(result.requestId(), body.path("requestId").asText(), "the function's body: " + result.bodyText());
                        assertEquals(scenario.lines, body.path("lines").asInt(), "the function's body: " + result.bodyText());
                        assertEquals(2 + scenario.probes.size(), body.size(), "nothing added to the body: " + result.bodyText());
                    }
                    case "timeout" -> assertEquals("timeout", result.status(), result.bodyText());
                    case "crash" -> assertTrue(result.status().matches("error|failure"), result.status() + " " + result.errorType());
                    default -> throw new IllegalStateException(scenario.outcome(i));
                }
            }

            // 2. Post-runtime: the median within budget + margin, none waiting for the backend.
            postRuntime = results.stream().filter(result -> result.status().equals("success"))
                    .map(result -> result.postRuntime().toMillis()).sorted().toList();
            assertTrue(postRuntime.getLast() < WAITED_FOR_BACKEND.toMillis(), "post-runtime (ms) " + postRuntime + "; " + context);
            assertTrue(postRuntime.get(postRuntime.size() / 2) <= BUDGET.plus(SCHEDULING_MARGIN).toMillis(),
                    "median post-runtime within the budget, (ms) " + postRuntime + "; " + context);

            // 3. Accounting. What the function produced: its lines and its SDK records.
            long sdkRecords = scenario.probes.contains("otlp-log") ? results.size() : 0;
            produced = (long) scenario.invocations * scenario.lines + sdkRecords;
            long platformSaw = report.telemetry().stream().mapToLong(SubscriberReport::droppedRecords).sum()
                    + report.telemetry().stream().mapToLong(r -> r.eventsByType().getOrDefault("function", 0)).sum();
            assertEquals(produced - sdkRecords, platformSaw, "the platform saw every line the function wrote, and no other; " + context);

            List<String> bodies = contents.logRecords().stream().map(LogRecord::getBody).map(body -> body.getStringValue()).toList();
            assertEquals(List.of(), bodies.stream().filter(b -> !b.startsWith("line ") && !b.startsWith(SoakFunction.SDK_RECORD)).toList(),
                    "only the function's records reach the sink");
            deliveredRecords = bodies.size();
            distinct = bodies.stream().distinct().count();

            shutdownLine = log.stream().filter(line -> line.contains("shutdown: exported")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no shutdown line; " + context));
            String dropped = shutdownLine.substring(shutdownLine.indexOf("dropped "));
            for (String line : log.stream().filter(line -> line.contains("shutdown: exported")).toList()) {
                Matcher m = DROP.matcher(line.substring(line.indexOf("dropped ")));
                while (m.find()) {
                    droppedAll.merge(m.group(2) + " " + m.group(3), Long.parseLong(m.group(1)), Long::sum);
                    if (m.group(2).equals("logs")) {
                        droppedLogs.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum);
                    }
                }
            }
            // Every item the extension took in, of every signal (its spans and metrics too), is
            // exported, or dropped for a reason (Lambda's own log drops never reached it), in
            // each environment's line; and the sink holds exactly what was exported.
            // An export still waiting for the backend at the shutdown deadline is counted as
            // shutdown_unconfirmed: the sink may or may not have it.
            long exportedAll = 0;
            long unconfirmedAll = 0;
            for (String line : log.stream().filter(line -> line.contains("shutdown: exported")).toList()) {
                Matcher totals = TOTALS.matcher(line);
                assertTrue(totals.find(), "the shutdown line says what was taken and exported: " + line);
                long lineDropped = 0;
                Matcher m = DROP.matcher(line.substring(line.indexOf("dropped ")));
                while (m.find()) {
                    if (m.group(3).equals("shutdown_unconfirmed")) {
                        unconfirmedAll += Long.parseLong(m.group(1));
                    }
                    if (!m.group(3).equals("lambda_logs_dropped")) {
                        lineDropped += Long.parseLong(m.group(1));
                    }
                }
                long exported = Long.parseLong(totals.group(1));
                assertEquals(Long.parseLong(totals.group(2)), exported + lineDropped, "taken = exported + dropped: " + line);
                exportedAll += exported;
            }
            // A request the backend took after the extension stopped waiting for its answer (an
            // export that timed out while the environment was frozen, say) is sent again: OTLP has
            // no idempotency key, so such a span or metric can arrive twice. Items are compared
            // once each; log records, which the function wrote, must not arrive twice at all.
            long inSink = contents.spans().stream().map(Span::toByteString).distinct().count()
                    + contents.metrics().stream().map(Metric::toByteString).distinct().count()
                    + contents.logRecords().stream().map(LogRecord::toByteString).distinct().count();
            assertTrue(inSink >= exportedAll && inSink <= exportedAll + unconfirmedAll, "the sink holds what the extension exported ("
                    + exportedAll + "), and at most the " + unconfirmedAll + " unconfirmed items more, not " + inSink + "; " + context);
            assertEquals(deliveredRecords, distinct, "no record delivered twice; " + context);
            long droppedTotal = droppedLogs.values().stream().mapToLong(Long::longValue).sum();
            long unconfirmedLogs = droppedLogs.getOrDefault("shutdown_unconfirmed", 0L);
            // Unconfirmed records are in the sink or not: each is counted once either way.
            assertTrue(distinct + droppedTotal - unconfirmedLogs <= produced && produced <= distinct + droppedTotal,
                    "produced = delivered + dropped (" + droppedLogs + ", from: " + dropped + "); " + context);
        }

        long delivered() {
            return distinct;
        }

        Map<String, Long> droppedLogs() {
            return droppedLogs;
        }

        List<JsonNode> answers() {
            return results.stream().filter(r -> r.status().equals("success")).map(r -> json(r.bodyText())).toList();
        }

        /** Telemetry API bodies and events refused, as the extension's own metric says. */
        double refusedTelemetry() {
            return Telemetry.sum(contents, "lambdascope.telemetry.refused");
        }

        private static JsonNode json(String text) {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        /** Appends this scenario's line to the results file, when one was asked for. */
        void record(String proves) throws IOException {
            String file = System.getProperty("lambdascope.soak.results", "");
            if (file.isBlank()) {
                return;
            }
            long median = postRuntime.get(postRuntime.size() / 2);
            String drops = droppedLogs.isEmpty() ? "none"
                    : droppedLogs.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
            String line = String.join("\t", scenario.name, scenario.strategy, String.valueOf(produced), String.valueOf(distinct),
                    String.valueOf(deliveredRecords - distinct), drops, String.valueOf(median), String.valueOf(postRuntime.getLast()),
                    "yes", "pass", proves) + "\n";
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** A local HTTPS endpoint with a self-signed certificate, made with the JDK's keytool, that no client trusts. */
    private static final class TlsServer implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Thread acceptor;
        private volatile int handshakes;

        private TlsServer(SSLServerSocket socket) {
            this.socket = socket;
            this.acceptor = Thread.ofVirtual().start(this::accept);
        }

        static TlsServer selfSigned(Path dir) throws Exception {
            SSLContext tls = SelfSignedCertificate.create(dir).serverContext();
            return new TlsServer((SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        String endpoint() {
            return "https://127.0.0.1:" + socket.getLocalPort();
        }

        int handshakes() {
            return handshakes;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    SSLSocket client = (SSLSocket) socket.accept();
                    handshakes++;
                    Thread.ofVirtual().start(() -> {
                        try (client) {
                            client.startHandshake();
                            client.getInputStream().read();
                        } catch (IOException expected) {
                            // The client does not trust the certificate and ends the handshake.
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            acceptor.interrupt();
        }
    }
}
