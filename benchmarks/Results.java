import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the table and the chart of a {@code benchmarks/run}: reads the run reports and the JMH
 * results under its output folder. Run from source with the sandbox jar (for Jackson) on the
 * class path; shares the run reports' reading with {@link SandboxRuns}.
 *
 * <p>Arguments: the output folder, the layer zip's size and the unpacked tree's size in bytes,
 * the Markdown file and the SVG file to write.
 */
public class Results {

    /**
     * Invocations after which the per-invocation paths are compiled: the C1-only JIT compiles a
     * method after about 200 calls, and the CPU per invocation stops falling at around 500.
     */
    static final int COMPILED = 500;

    private final StringBuilder table = new StringBuilder();

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long zipped = Long.parseLong(args[1]);
        long unpacked = Long.parseLong(args[2]);
        Path markdown = Path.of(args[3]);
        Path svg = Path.of(args[4]);

        List<JsonNode> withLayer = SandboxRuns.reports(out.resolve("cold/with-layer"));
        List<JsonNode> baseline = SandboxRuns.reports(out.resolve("cold/baseline"));
        Results results = new Results();
        results.table(out, withLayer, baseline, zipped, unpacked);
        Files.writeString(markdown, results.markdown(withLayer.size(), withLayer.getFirst().get("invocations").size()));
        Files.writeString(svg, Chart.of(withLayer, baseline));
        System.out.print(results.table);
        System.out.println("\nwritten: " + markdown + ", " + svg);
    }

    private void table(Path out, List<JsonNode> withLayer, List<JsonNode> baseline, long zipped, long unpacked) throws IOException {
        List<Double> initWith = sorted(inits(withLayer));
        List<Double> initWithout = sorted(inits(baseline));
        row("**init added by the layer**", initWith.size() + " cold starts each",
                p(initWith, 50) - p(initWithout, 50), p(initWith, 90) - p(initWithout, 90), "ms", "≤ 60 ms (p50)");
        row("init with the layer", "", p(initWith, 50), p(initWith, 90), "ms", "");
        row("init without it", "", p(initWithout, 50), p(initWithout, 90), "ms", "");
        List<Double> initFloor = sorted(inits(SandboxRuns.reports(out.resolve("cold/floor"))));
        row("init added by the least extension", "`benchmarks/floor-layer`, a shell script registering with `curl`: what the sandbox costs any extension",
                p(initFloor, 50) - p(initWithout, 50), p(initFloor, 90) - p(initWithout, 90), "ms", "");
        List<Double> shellWith = sorted(inits(SandboxRuns.reports(out.resolve("cold/shell-with-layer"))));
        List<Double> shellWithout = sorted(inits(SandboxRuns.reports(out.resolve("cold/shell-baseline"))));
        row("init added, function that starts in milliseconds", "`samples/provided-bash-function`, a custom runtime in sh "
                + "(" + Math.round(p(shellWithout, 50)) + " ms init without the layer): its init ends when the extension is ready, "
                + "as for most Node.js and Python functions", p(shellWith, 50) - p(shellWithout, 50),
                p(shellWith, 90) - p(shellWithout, 90), "ms", "");
        row("extension registered", "after init start", withLayer, r -> r.at("/inits/0/extensions/0/registeredMs").asDouble()
                - r.at("/inits/0/startMs").asDouble(), "ms", "");
        row("extension ready (first `next`)", "after init start", withLayer, r -> r.at("/inits/0/extensions/0/readyMs").asDouble()
                - r.at("/inits/0/startMs").asDouble(), "ms", "");
        row("**extension peak RSS**", "VmHWM over the environment's life", withLayer,
                r -> r.at("/shutdowns/0/extensions/0/peakMemoryMb").asDouble(), "MB", "≤ 40 MB");
        row("extension steady RSS", "VmRSS after the last invocation", withLayer,
                r -> r.at("/shutdowns/0/extensions/0/residentMemoryMb").asDouble(), "MB", "");
        List<Double> warmWith = sorted(SandboxRuns.warm(withLayer, "durationMs"));
        List<Double> warmWithout = sorted(SandboxRuns.warm(baseline, "durationMs"));
        row("warm invocation duration added by the layer", "", p(warmWith, 50) - p(warmWithout, 50),
                p(warmWith, 90) - p(warmWithout, 90), "ms", "");

        List<Double> proxied = sorted(SandboxRuns.warm(SandboxRuns.reports(out.resolve("proxy/proxy")), "durationMs"));
        List<Double> direct = sorted(SandboxRuns.warm(SandboxRuns.reports(out.resolve("proxy/direct")), "durationMs"));
        // The kernel counts CPU time in 10 ms ticks: only the long runs resolve tens of microseconds.
        // The first hundreds of invocations also pay for the JIT compiling the per-invocation
        // paths, so they are shown apart from the rest.
        List<JsonNode> proxyRuns = SandboxRuns.reports(out.resolve("proxy/proxy"));
        int invocations = proxyRuns.getFirst().get("invocations").size();
        // As deployed, the Telemetry API delivers a batch every 25 ms at most (the adaptive
        // flush's subscription), where the continuous flush's runs get one a second: each batch
        // costs the extension an HTTP request and its parsing. Back to back, one batch carries
        // several invocations; 50 ms apart, as on Lambda, each invocation has batches of its own.
        row("**extension CPU per warm invocation**", "as deployed: capture on, default (adaptive) flush exporting to the "
                + "sandbox's sink, invocations 50 ms apart, " + COMPILED + "–" + invocations, SandboxRuns.reports(out.resolve("proxy/spaced")),
                r -> warmCpuMicros(r, COMPILED, invocations), "µs", "≤ 150 µs");
        row("extension CPU per warm invocation, with an OpenTelemetry SDK", "as deployed, 50 ms apart, for "
                + "`samples/java-otel-function`, whose SDK sends the OTLP/HTTP receiver its spans, metrics and logs "
                + "at the end of each invocation, " + COMPILED + "–" + invocations, SandboxRuns.reports(out.resolve("proxy/sdk")),
                r -> warmCpuMicros(r, COMPILED, invocations), "µs", "");
        row("extension CPU per warm invocation, back to back", "as deployed, invocations one after the other, "
                + COMPILED + "–" + invocations, SandboxRuns.reports(out.resolve("proxy/deployed")),
                r -> warmCpuMicros(r, COMPILED, invocations), "µs", "");
        row("extension CPU per warm invocation, while compiling", "capture on, continuous flush, invocations "
                + SandboxRuns.WARM_UP + "–" + COMPILED, proxyRuns, r -> warmCpuMicros(r, SandboxRuns.WARM_UP, COMPILED), "µs", "");
        row("extension CPU per warm invocation, continuous flush", "the same environments, invocations " + COMPILED + "–" + invocations,
                proxyRuns, r -> warmCpuMicros(r, COMPILED, invocations), "µs", "");
        row("extension CPU per warm invocation, no capture", "continuous flush, invocations " + COMPILED + "–" + invocations,
                SandboxRuns.reports(out.resolve("proxy/direct")), r -> warmCpuMicros(r, COMPILED, invocations), "µs", "");
        row("extension CPU per warm invocation, not frozen", "capture on, continuous flush, no process stopped between "
                + "invocations (`--no-freeze`), invocations " + COMPILED + "–" + invocations, SandboxRuns.reports(out.resolve("proxy/unfrozen")),
                r -> warmCpuMicros(r, COMPILED, invocations), "µs", "");
        row("extension peak RSS, long run", "as deployed: VmHWM after " + invocations + " invocations back to back, "
                + "exporting to the sink", SandboxRuns.reports(out.resolve("proxy/deployed")),
                r -> r.at("/shutdowns/0/extensions/0/peakMemoryMb").asDouble(), "MB", "");
        // Without an endpoint every export is also a log line, which the Telemetry API hands back
        // to the extension to read and drop: these runs' heap grows further.
        row("extension peak RSS, long run, written to the log", "VmHWM after " + invocations + " invocations, "
                + "continuous flush, no endpoint", proxyRuns,
                r -> r.at("/shutdowns/0/extensions/0/peakMemoryMb").asDouble(), "MB", "");
        table.append(String.format(Locale.ROOT, "| **latency added by the Runtime API proxy** | %d warm invocations each way | %.3f | %.3f (p99) | ms | p50 ≤ 0.3 ms, p99 ≤ 1 ms |%n",
                proxied.size(), p(proxied, 50) - p(direct, 50), p(proxied, 99) - p(direct, 99)));
        for (String strategy : List.of("end-of-invocation", "periodic", "continuous", "adaptive")) {
            List<Double> post = sorted(SandboxRuns.warm(SandboxRuns.reports(out.resolve("strategies").resolve(strategy)), "postRuntimeMs"));
            row("post-runtime duration, " + strategy, "exporting to the sandbox's sink", p(post, 50), p(post, 90), "ms", "");
        }
        for (JsonNode benchmark : new ObjectMapper().readTree(out.resolve("jmh.json").toFile())) {
            String name = benchmark.get("benchmark").asText().replaceAll(".*\\.(\\w+Benchmark)\\.\\w+$", "$1");
            String params = benchmark.path("params").properties().stream().map(Map.Entry::getValue)
                    .map(JsonNode::asText).reduce((a, b) -> a + ", " + b).orElse("");
            JsonNode metric = benchmark.get("primaryMetric");
            // Each benchmark operation is one item (a span, a log line): ops/s are items/s.
            table.append(String.format(Locale.ROOT, "| telemetry throughput: %s | %s | %,.0f | ± %,.0f | items/s | |%n", name, params,
                    metric.get("score").asDouble(), metric.get("scoreError").asDouble()));
        }
        table.append(String.format(Locale.ROOT, "| **layer size, zipped** | x86_64 | %.1f | | MB | ≤ 25 MB |%n", zipped / 1e6));
        table.append(String.format(Locale.ROOT, "| layer size, unpacked | x86_64 | %.1f | | MB | |%n", unpacked / 1e6));
    }

    /** Each environment's init duration, in milliseconds. */
    static List<Double> inits(List<JsonNode> reports) {
        return SandboxRuns.each(reports, r -> r.at("/inits/0/durationMs").asDouble());
    }

    /**
     * The extension's CPU time per invocation from invocation {@code from} to {@code to} (1-based,
     * clamped to the run), from the snapshots the sandbox takes at each invocation's end.
     */
    private static double warmCpuMicros(JsonNode report, int from, int to) {
        JsonNode invocations = report.get("invocations");
        int last = Math.min(to, invocations.size()) - 1;
        int first = Math.min(from, last) - 1;
        return 1000 * (invocations.get(last).get("extensionCpuMs").asDouble() - invocations.get(first).get("extensionCpuMs").asDouble())
                / Math.max(1, last - first);
    }

    private void row(String figure, String how, List<JsonNode> reports, java.util.function.Function<JsonNode, Double> value,
                     String unit, String target) {
        List<Double> values = sorted(SandboxRuns.each(reports, value));
        row(figure, how, p(values, 50), p(values, 90), unit, target);
    }

    private void row(String figure, String how, double p50, double p90, String unit, String target) {
        table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %s |%n", figure, how, p50, p90, unit, target));
    }

    private String markdown(int environments, int invocations) throws IOException {
        return """
                # Benchmark results

                Written by `benchmarks/run %d %d` on %s. Sandbox runs of the sample Java function
                (`samples/java-apigw-function`, 512 MB), each environment fresh; the figures are
                percentiles over environments or over warm invocations (each environment's first
                %d invocations left out). Targets are goals, not test assertions.

                Machine: %s, %d cores, %s; JDK %s.

                | figure | how | p50 | p90 | unit | target |
                |---|---|---:|---:|---|---|
                %s
                ![Cold starts and warm invocations, with and without the layer](results.svg)
                """.formatted(environments, invocations, LocalDate.now(), SandboxRuns.WARM_UP, cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.runtime.version"), table);
    }

    private static String cpuModel() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown CPU");
        }
    }

    private static List<Double> sorted(List<Double> values) {
        return values.stream().sorted().toList();
    }

    private static double p(List<Double> sorted, int percentile) {
        return SandboxRuns.percentile(sorted, percentile);
    }

    /** The SVG: one row of dots per series, each dot a cold start or a warm invocation, with its p50 marked. */
    static final class Chart {

        private static final int WIDTH = 760;
        private static final int LEFT = 190;
        private static final int RIGHT = 30;
        private static final int ROW = 34;

        private final StringBuilder svg = new StringBuilder();
        private int y = 0;

        static String of(List<JsonNode> withLayer, List<JsonNode> baseline) {
            Chart chart = new Chart();
            chart.panel("Cold start: init duration (ms)", List.of(
                    Map.entry("with the layer", inits(withLayer)),
                    Map.entry("without", inits(baseline))));
            chart.panel("Warm invocation duration (ms)", List.of(
                    Map.entry("with the layer", SandboxRuns.warm(withLayer, "durationMs")),
                    Map.entry("without", SandboxRuns.warm(baseline, "durationMs"))));
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n"
                    .formatted(WIDTH, chart.y + 10)
                    + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + chart.svg + "</svg>\n";
        }

        private void panel(String title, List<Map.Entry<String, List<Double>>> series) {
            y += 24;
            svg.append(text(10, y, title, "font-weight=\"bold\""));
            double max = series.stream().flatMap(s -> s.getValue().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
            double scale = (WIDTH - LEFT - RIGHT) / niceCeiling(max);
            String[] colours = {"#d95f02", "#1b9e77"};
            for (int i = 0; i < series.size(); i++) {
                y += ROW;
                List<Double> values = sorted(series.get(i).getValue());
                svg.append(text(10, y + 4, series.get(i).getKey(), ""));
                for (double v : values) {
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"%s\" fill-opacity=\"0.35\"/>%n",
                            LEFT + v * scale, y, colours[i % colours.length]));
                }
                double median = p(values, 50);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"black\" stroke-width=\"2\"/>%n",
                        LEFT + median * scale, LEFT + median * scale, y - 10, y + 10));
                svg.append(text((int) (LEFT + median * scale) + 4, y - 10, String.format(Locale.ROOT, "p50 %.1f", median), "font-size=\"10\""));
            }
            y += 22;
            double ceiling = niceCeiling(max);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", LEFT, WIDTH - RIGHT, y - 8, y - 8));
            for (int tick = 0; tick <= 4; tick++) {
                double value = ceiling * tick / 4;
                svg.append(text((int) (LEFT + value * scale) - 8, y + 6, String.format(Locale.ROOT, "%.0f", value), "font-size=\"10\""));
            }
            y += 10;
        }

        private static double niceCeiling(double max) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(max, 1e-9))));
            for (double step : new double[] {1, 2, 2.5, 5, 10}) {
                if (step * magnitude >= max) {
                    return step * magnitude;
                }
            }
            return 10 * magnitude;
        }

        private static String text(int x, int y, String content, String attributes) {
            return "<text x=\"%d\" y=\"%d\" %s>%s</text>%n".formatted(x, y, attributes, content.replace("&", "&amp;").replace("<", "&lt;"));
        }
    }
}
