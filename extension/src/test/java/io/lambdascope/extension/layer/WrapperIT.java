package io.lambdascope.extension.layer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exec wrapper hands the runtime's command line on unchanged, byte for byte, and replaces
 * itself with the runtime so that Lambda keeps watching the same process.
 */
class WrapperIT {

    private static final Path WRAPPER = LayerPaths.tree().resolve("lambdascope-wrapper");

    /** A stand-in runtime: prints its process id, one environment variable and its arguments, NUL-separated. */
    private static final List<String> RUNTIME = List.of("/bin/sh", "-c",
            "printf '%s\\0' \"$$\" \"${AWS_LAMBDA_RUNTIME_API-unset}\" \"$@\"", "runtime");

    private static final List<String> AWKWARD_ARGUMENTS = List.of(
            "-XX:+UseSerialGC", "an argument with spaces", "", "it's", "\"double\"", "$HOME", "*", "`id`",
            "--x=a b=c", "  leading and trailing  ", "tab\there", "line\nbreak", "ünïcödé", "");

    @ParameterizedTest(name = "LAMBDASCOPE_DISABLED={0}")
    @ValueSource(strings = {"", "false", "true", "TRUE"})
    void execsTheRuntimeWithItsArgumentsUnchanged(String disabled) throws Exception {
        List<String> command = new ArrayList<>(List.of(WRAPPER.toString()));
        command.addAll(RUNTIME);
        command.addAll(AWKWARD_ARGUMENTS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001");
        if (disabled.isEmpty()) {
            env.remove("LAMBDASCOPE_DISABLED");
        } else {
            env.put("LAMBDASCOPE_DISABLED", disabled);
        }

        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the wrapped runtime did not end");

        assertEquals(0, process.exitValue(), output);
        List<String> printed = Arrays.asList(output.split("\0", -1));
        assertEquals("", printed.getLast(), "output ends with a separator");
        assertEquals(Long.toString(process.pid()), printed.getFirst(), "the wrapper must exec the runtime, not fork it");
        assertEquals(AWKWARD_ARGUMENTS, printed.subList(2, printed.size() - 1));
        if (disabled.equalsIgnoreCase("true")) {
            assertEquals("127.0.0.1:9001", printed.get(1), "a disabled wrapper leaves the Runtime API alone");
        }
    }

    @ParameterizedTest(name = "LAMBDASCOPE_DISABLED={0}")
    @ValueSource(strings = {"false", "true"})
    void passesOnTheRuntimeExitStatus(String disabled) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(WRAPPER.toString(), "/bin/sh", "-c", "exit 7");
        builder.environment().put("LAMBDASCOPE_DISABLED", disabled);

        Process process = builder.start();

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(7, process.exitValue());
    }

    @org.junit.jupiter.api.Test
    void pointsTheRuntimeAtTheProxyOnlyWhileItListensAndKeepsTheAddressItHad() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = proxy.getLocalPort();
            Path upstream = Path.of("/tmp", "lambdascope-proxy-" + port + ".upstream");
            try {
                assertEquals("127.0.0.1:" + port, runtimeApiSeen(port, "false", "127.0.0.1:9001"));
                assertEquals("127.0.0.1:9001", Files.readString(upstream).strip(), "the proxy learns where to forward");
                assertEquals("127.0.0.1:9001", runtimeApiSeen(port, "true", "127.0.0.1:9001"), "disabled: left alone");
                assertEquals("127.0.0.1:" + port, runtimeApiSeen(port, "false", "127.0.0.1:" + port),
                        "already pointed at the proxy: no loop through it");
            } finally {
                Files.deleteIfExists(upstream);
            }
            proxy.close();
            assertEquals("127.0.0.1:9001", runtimeApiSeen(port, "false", "127.0.0.1:9001"), "nothing listens: Lambda directly");
        }
    }

    /** The AWS_LAMBDA_RUNTIME_API the wrapped runtime sees. */
    private static String runtimeApiSeen(int proxyPort, String disabled, String runtimeApi) throws Exception {
        List<String> command = new ArrayList<>(List.of(WRAPPER.toString()));
        command.addAll(RUNTIME);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        builder.environment().put("LAMBDASCOPE_PROXY_PORT", Integer.toString(proxyPort));
        builder.environment().put("LAMBDASCOPE_DISABLED", disabled);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return output.split("\0", -1)[1];
    }

    @org.junit.jupiter.api.Test
    void refusesToRunWithoutACommand() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(WRAPPER.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(64, process.exitValue(), output);
        assertTrue(output.contains("expected the runtime's command line"), output);
    }
}
