package io.lambdascope.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lambdascope.sandbox.report.RunReport;
import io.lambdascope.sandbox.report.Summary;
import io.lambdascope.sandbox.sink.SinkListing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The sandbox's command line: {@code java -jar lambdascope-sandbox.jar run ...}. Runs a function
 * with its layers for a number of invocations, shuts the environment down, prints a summary and
 * optionally writes the JSON run report.
 */
public final class Main {

    static final String USAGE = """
            Usage: java -jar lambdascope-sandbox.jar run [options]

            Runs a Lambda function locally with its layers: extensions from the layers' extensions/
            start first, the runtime starts through AWS_LAMBDA_EXEC_WRAPPER when set, every process
            is frozen between invocations (unless --no-freeze), and SHUTDOWN ends the run.

            Options:
              --function DIR        the function's code (LAMBDA_TASK_ROOT); required
              --handler NAME        _HANDLER; required
              --bootstrap CMD       the runtime's command, split on spaces (default: DIR/bootstrap)
              --custom-runtime      an OS-only (provided.*) runtime: AWS_LAMBDA_EXEC_WRAPPER is not applied
              --layer PATH          a layer zip or folder; repeatable, later layers win
              --event FILE          an event (JSON) file; repeatable, invocations cycle over them
              --invocations N       how many invocations (default: one per event)
              --interval MS         time between one invocation's end and the next one's start,
                                    with the environment frozen (default 0: back to back)
              --env NAME=VALUE      a function environment variable; repeatable; /opt/... values
                                    point into the sandbox's /opt
              --memory MB           memory size, 128-10240 (default 512)
              --timeout SECONDS     function timeout (default 3)
              --init-timeout SECONDS  how long init may take (default 10, as in Lambda)
              --shutdown-timeout MS how long extensions have after SHUTDOWN (default 2000)
              --sink                run an OTLP/HTTP sink and set LAMBDASCOPE_EXPORT_ENDPOINT to it
              --sink-fault SPEC     make the sink answer badly, e.g. 503,times=3 | never-answer | reset
              --report FILE         write the JSON run report there
              --no-freeze           keep the processes running between invocations (to attach a
                                    debugger or profiler, or to measure without the freezer's cost)
              --quiet               do not echo the processes' output
              --help                this text
            """;

    private Main() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (UsageException e) {
            System.err.println("lambdascope-sandbox: " + e.getMessage() + " (see --help)");
            System.exit(2);
        } catch (Exception e) {
            System.err.println("lambdascope-sandbox: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the command; returns the exit code: 0 when every invocation succeeded. */
    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        if (!args[0].equals("run")) {
            throw new UsageException("unknown command " + args[0]);
        }
        Options options = Options.parse(Arrays.asList(args).subList(1, args.length));
        Sandbox.Builder builder = Sandbox.builder()
                .functionDir(options.function).handler(options.handler)
                .memoryMb(options.memoryMb).timeout(options.timeout).shutdownTimeout(options.shutdownTimeout)
                .initTimeout(options.initTimeout)
                .otlpSink(options.sink)
                .freezeBetweenInvocations(!options.noFreeze);
        options.layers.forEach(builder::layer);
        options.env.forEach(pair -> builder.env(pair[0], pair[1]));
        if (options.bootstrap != null) {
            builder.bootstrap(List.of(options.bootstrap.trim().split("\\s+")));
        }
        builder.customRuntime(options.customRuntime);
        if (!options.quiet) {
            builder.output((process, line) -> out.println("[" + process + "] " + line));
        }
        List<byte[]> events = new ArrayList<>();
        for (Path event : options.events) {
            events.add(Files.readAllBytes(event));
        }
        if (events.isEmpty()) {
            events.add("{}".getBytes());
        }
        int invocations = options.invocations > 0 ? options.invocations : events.size();
        int failed = 0;
        try (Sandbox sandbox = builder.build()) {
            if (options.sinkFault != null) {
                sandbox.sink().orElseThrow(() -> new UsageException("--sink-fault needs --sink"))
                        .fault(options.sinkFault);
            }
            for (int i = 0; i < invocations; i++) {
                if (i > 0 && !options.interval.isZero()) {
                    Thread.sleep(options.interval);
                }
                InvocationResult result = sandbox.invoke(events.get(i % events.size()));
                if (!result.succeeded()) {
                    failed++;
                }
                out.printf(Locale.ROOT, "invocation %d/%d %s %s in %.1f ms: %s%n", i + 1, invocations,
                        result.requestId(), result.status(), result.duration().toNanos() / 1e6, abbreviate(result.bodyText()));
            }
            sandbox.shutdown();
            RunReport report = sandbox.report();
            out.println();
            out.print(Summary.of(report));
            sandbox.sink().ifPresent(sink -> {
                out.println();
                out.print(SinkListing.of(sink.contents(), 40));
            });
            if (options.report != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.report.toFile(), report);
                out.println("Report: " + options.report);
            }
        }
        return failed == 0 ? 0 : 3;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 157) + "...";
    }

    /** A command line that cannot be run as written. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }

    private static final class Options {
        Path function;
        String handler;
        String bootstrap;
        boolean customRuntime;
        final List<Path> layers = new ArrayList<>();
        final List<Path> events = new ArrayList<>();
        final List<String[]> env = new ArrayList<>();
        int invocations;
        Duration interval = Duration.ZERO;
        int memoryMb = 512;
        Duration timeout = Duration.ofSeconds(3);
        Duration shutdownTimeout = Duration.ofSeconds(2);
        Duration initTimeout = Duration.ofSeconds(10);
        boolean sink;
        String sinkFault;
        Path report;
        boolean quiet;
        boolean noFreeze;

        static Options parse(List<String> args) {
            Options options = new Options();
            Iterator<String> it = args.iterator();
            while (it.hasNext()) {
                String flag = it.next();
                switch (flag) {
                    case "--function" -> options.function = existing(value(flag, it));
                    case "--handler" -> options.handler = value(flag, it);
                    case "--bootstrap" -> options.bootstrap = value(flag, it);
                    case "--custom-runtime" -> options.customRuntime = true;
                    case "--layer" -> options.layers.add(existing(value(flag, it)));
                    case "--event" -> options.events.add(existing(value(flag, it)));
                    case "--invocations" -> options.invocations = number(flag, value(flag, it));
                    case "--interval" -> options.interval = Duration.ofMillis(number(flag, value(flag, it)));
                    case "--env" -> {
                        String pair = value(flag, it);
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new UsageException("--env takes NAME=VALUE, not " + pair);
                        }
                        options.env.add(new String[] {pair.substring(0, eq), pair.substring(eq + 1)});
                    }
                    case "--memory" -> options.memoryMb = number(flag, value(flag, it));
                    case "--timeout" -> options.timeout = Duration.ofSeconds(number(flag, value(flag, it)));
                    case "--init-timeout" -> options.initTimeout = Duration.ofSeconds(number(flag, value(flag, it)));
                    case "--shutdown-timeout" -> options.shutdownTimeout = Duration.ofMillis(number(flag, value(flag, it)));
                    case "--sink" -> options.sink = true;
                    case "--sink-fault" -> options.sinkFault = value(flag, it);
                    case "--report" -> options.report = Path.of(value(flag, it));
                    case "--quiet" -> options.quiet = true;
                    case "--no-freeze" -> options.noFreeze = true;
                    default -> throw new UsageException("unknown option " + flag);
                }
            }
            if (options.function == null || options.handler == null) {
                throw new UsageException("--function and --handler are required");
            }
            return options;
        }

        private static String value(String flag, Iterator<String> it) {
            if (!it.hasNext()) {
                throw new UsageException(flag + " needs a value");
            }
            return it.next();
        }

        private static Path existing(String path) {
            Path file = Path.of(path);
            if (!Files.exists(file)) {
                throw new UsageException(path + " does not exist");
            }
            return file;
        }

        private static int number(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n <= 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(flag + " takes a positive whole number, not " + value);
            }
        }
    }
}
