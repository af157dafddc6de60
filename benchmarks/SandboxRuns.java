import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Summarises sandbox run reports: percentiles of each figure over every run in a folder. Run by
 * benchmarks/sandbox-runs with the sandbox jar (for Jackson) on the class path.
 */
public class SandboxRuns {

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--strategies")) {
            strategies(List.of(args).subList(1, args.length));
            return;
        }
        if (args[0].equals("--compare")) {
            compare(List.of(args).subList(1, args.length));
            return;
        }
        if (args[0].equals("--proxy")) {
            proxy(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        List<JsonNode> withLayer = reports(Path.of(args[0]));
        List<JsonNode> baseline = reports(Path.of(args[1]));
        System.out.printf(Locale.ROOT, "%d environments with the layer, %d without%n%n", withLayer.size(), baseline.size());
        System.out.printf(Locale.ROOT, "%-52s %9s %9s %9s%n", "figure (ms, MB)", "p50", "p90", "max");
        print("init, without the layer", each(baseline, r -> r.at("/inits/0/durationMs").asDouble()));
        print("init, with the layer", each(withLayer, r -> r.at("/inits/0/durationMs").asDouble()));
        print("extension registered, after init start", each(withLayer,
                r -> r.at("/inits/0/extensions/0/registeredMs").asDouble() - r.at("/inits/0/startMs").asDouble()));
        print("extension ready (first next), after init start", each(withLayer,
                r -> r.at("/inits/0/extensions/0/readyMs").asDouble() - r.at("/inits/0/startMs").asDouble()));
        print("post-runtime duration per invocation, with the layer", invocations(withLayer, "postRuntimeMs"));
        print("post-runtime duration per invocation, without", invocations(baseline, "postRuntimeMs"));
        print("invocation duration, with the layer", invocations(withLayer, "durationMs"));
        print("invocation duration, without", invocations(baseline, "durationMs"));
        print("extension peak RSS (MB)", each(withLayer, r -> r.at("/shutdowns/0/extensions/0/peakMemoryMb").asDouble()));
        print("shutdown, with the layer", each(withLayer, r -> r.at("/shutdowns/0/durationMs").asDouble()));
    }

    /**
     * One line per variant folder (its name is the folder's): cold-start figures, p50 (p90). The
     * first invocation's duration is what the cold start's caller waits for after init.
     */
    private static void compare(List<String> folders) throws IOException {
        System.out.printf(Locale.ROOT, "%-16s %15s %13s %15s %15s %17s %13s%n", "p50 (p90)", "init ms", "1st inv ms",
                "registered ms", "ready ms", "CPU to 1st inv ms", "peak RSS MB");
        for (String folder : folders) {
            List<JsonNode> runs = reports(Path.of(folder));
            boolean layer = runs.getFirst().at("/inits/0/extensions").size() > 0;
            System.out.printf(Locale.ROOT, "%-16s %15s %13s %15s %15s %17s %13s%n", Path.of(folder).getFileName(),
                    p50p90(each(runs, r -> r.at("/inits/0/durationMs").asDouble())),
                    p50p90(each(runs, r -> r.at("/invocations/0/durationMs").asDouble())),
                    layer ? p50p90(each(runs, r -> r.at("/inits/0/extensions/0/registeredMs").asDouble() - r.at("/inits/0/startMs").asDouble())) : "",
                    layer ? p50p90(each(runs, r -> r.at("/inits/0/extensions/0/readyMs").asDouble() - r.at("/inits/0/startMs").asDouble())) : "",
                    layer ? p50p90(each(runs, r -> r.at("/invocations/0/extensionCpuMs").asDouble())) : "",
                    layer ? p50p90(each(runs, r -> r.at("/shutdowns/0/extensions/0/peakMemoryMb").asDouble())) : "");
        }
    }

    private static String p50p90(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.0f (%.0f)", percentile(sorted, 50), percentile(sorted, 90));
    }

    /** Warm invocations only: each environment's first few include the cold start and the JIT's warm-up. */
    static final int WARM_UP = 5;

    private static void strategies(List<String> folders) throws IOException {
        System.out.printf(Locale.ROOT, "%-52s %9s %9s %9s%n", "warm invocations, by strategy (ms)", "p50", "p90", "max");
        for (String folder : folders) {
            List<JsonNode> reports = reports(Path.of(folder));
            String strategy = Path.of(folder).getFileName().toString();
            print(strategy + ": post-runtime", warm(reports, "postRuntimeMs"));
            print(strategy + ": invocation duration", warm(reports, "durationMs"));
        }
    }

    /** Invocation durations with the proxy against without, to a tenth of a microsecond's worth of digits. */
    private static void proxy(Path with, Path without) throws IOException {
        List<Double> proxied = warm(reports(with), "durationMs").stream().sorted().toList();
        List<Double> direct = warm(reports(without), "durationMs").stream().sorted().toList();
        System.out.printf(Locale.ROOT, "warm invocations: %d through the proxy, %d direct%n", proxied.size(), direct.size());
        System.out.printf(Locale.ROOT, "%-40s %9s %9s%n", "invocation duration (ms)", "p50", "p99");
        System.out.printf(Locale.ROOT, "%-40s %9.3f %9.3f%n", "through the proxy", percentile(proxied, 50), percentile(proxied, 99));
        System.out.printf(Locale.ROOT, "%-40s %9.3f %9.3f%n", "direct", percentile(direct, 50), percentile(direct, 99));
        System.out.printf(Locale.ROOT, "%-40s %9.3f %9.3f%n", "added by the proxy", percentile(proxied, 50) - percentile(direct, 50),
                percentile(proxied, 99) - percentile(direct, 99));
        double cpuWith = cpuPerInvocation(reports(with));
        double cpuWithout = cpuPerInvocation(reports(without));
        System.out.printf(Locale.ROOT, "%nextension CPU per invocation (ms, init included): %.3f with capture, %.3f without, %.3f added%n",
                cpuWith, cpuWithout, cpuWith - cpuWithout);
    }

    /** The extension's CPU time until SHUTDOWN over all environments, per invocation. */
    private static double cpuPerInvocation(List<JsonNode> reports) {
        double cpu = 0;
        long invocations = 0;
        for (JsonNode report : reports) {
            cpu += report.at("/shutdowns/0/extensions/0/cpuMs").asDouble();
            invocations += report.get("invocations").size();
        }
        return cpu / invocations;
    }

    static List<Double> warm(List<JsonNode> reports, String field) {
        List<Double> values = new ArrayList<>();
        for (JsonNode report : reports) {
            JsonNode invocations = report.get("invocations");
            for (int i = WARM_UP; i < invocations.size(); i++) {
                values.add(invocations.get(i).get(field).asDouble());
            }
        }
        return values;
    }

    static List<JsonNode> reports(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> reports = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                reports.add(json.readTree(file.toFile()));
            }
        }
        return reports;
    }

    static List<Double> each(List<JsonNode> reports, Function<JsonNode, Double> figure) {
        return reports.stream().map(figure).toList();
    }

    private static List<Double> invocations(List<JsonNode> reports, String field) {
        List<Double> values = new ArrayList<>();
        reports.forEach(r -> r.get("invocations").forEach(i -> values.add(i.get(field).asDouble())));
        return values;
    }

    private static void print(String name, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "%-52s %9.1f %9.1f %9.1f%n", name, percentile(sorted, 50), percentile(sorted, 90),
                sorted.getLast());
    }

    static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
