package io.lambdascope.extension.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdascope.sandbox.layer.Layers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The arm64 layer, when the build had an aarch64 JDK to link it from: its zip holds aarch64
 * binaries with the modes Lambda needs, its JVM starts from its AOT cache on each Graviton, and
 * the extension runs from it end to end in the sandbox under qemu user-mode emulation. The kernel
 * hands aarch64 executables to qemu through a binfmt_misc instance private to a user namespace,
 * so the launcher script runs as in Lambda and the machine's own binfmt settings stay untouched.
 */
class Arm64LayerIT {

    private static final int EM_AARCH64 = 0xB7;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The ELF magic and machine of an aarch64 executable, and the mask of what binfmt_misc compares. */
    private static final String AARCH64_MAGIC =
            "\\x7f\\x45\\x4c\\x46\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00";
    private static final String AARCH64_MASK =
            "\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff";

    private static Path zip;

    @BeforeAll
    static void layer() {
        zip = Path.of(System.getProperty("lambdascope.arm64.zip", "target/layers/lambdascope-extension-arm64.zip"));
        if (Boolean.parseBoolean(System.getProperty("lambdascope.arm64.required"))) {
            assertTrue(Files.isRegularFile(zip), "an arm64 toolchain was given, but the build made no " + zip);
        }
        assumeTrue(Files.isRegularFile(zip), "no arm64 layer: the build had no aarch64 JDK (see extension/README.md)");
    }

    @Test
    void holdsAarch64BinariesTheLauncherAndItsManifest() throws IOException {
        Map<String, Integer> modes = ZipModes.of(zip);
        for (String name : List.of("extensions/lambdascope", "lambdascope-wrapper", "lambdascope/runtime/bin/java",
                "lambdascope/runtime/lib/jspawnhelper")) {
            assertEquals(0755, modes.getOrDefault(name, 0) & 0777, name + " is executable");
        }
        try (ZipFile layer = new ZipFile(zip.toFile())) {
            for (String binary : List.of("lambdascope/runtime/bin/java", "lambdascope/runtime/lib/server/libjvm.so")) {
                byte[] head = layer.getInputStream(layer.getEntry(binary)).readNBytes(20);
                assertEquals(EM_AARCH64, (head[18] & 0xff) | (head[19] & 0xff) << 8, binary + " is an aarch64 ELF file");
            }
            JsonNode manifest = JSON.readTree(layer.getInputStream(layer.getEntry("lambdascope/layer.json")));
            assertEquals("arm64", manifest.get("architecture").asText());
            assertEquals(LayerPaths.version(), manifest.get("version").asText());
            assertTrue(manifest.get("compatibleRuntimes").size() > 0, manifest.toString());
            assertEquals(LayerPaths.version(), new String(layer.getInputStream(layer.getEntry("lambdascope/VERSION")).readAllBytes(),
                    StandardCharsets.UTF_8).trim());
            assertTrue(layer.getEntry("lambdascope/app/lambdascope.jar") != null, "the same app as the x86_64 layer");
        }
    }

    @Test
    void runsTheSampleFunctionEndToEndUnderEmulation(@TempDir Path work) throws Exception {
        assumeEmulator();
        Path report = work.resolve("report.json");
        Path function = Path.of("../samples/java-apigw-function/target/function").toAbsolutePath().normalize();
        Path event = Path.of("../samples/java-apigw-function/src/test/resources/events/get-orders.json").toAbsolutePath().normalize();

        // The sandbox (this machine's Java) runs where the kernel starts the layer's aarch64 java
        // through qemu; QEMU_LD_PREFIX, a function variable like any other, reaches the
        // extension's process.
        List<String> command = aarch64Runnable(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.lambdascope.sandbox.Main", "run",
                "--function", function.toString(),
                "--handler", "io.lambdascope.samples.apigw.ApiGatewayHandler::handleRequest",
                "--event", event.toString(), "--invocations", "3",
                "--layer", zip.toAbsolutePath().toString(),
                "--env", "AWS_LAMBDA_EXEC_WRAPPER=/opt/lambdascope-wrapper",
                // Each invocation's telemetry leaves before the extension's next `next`, with all
                // the time emulation needs, rather than in a final flush that emulation may stall.
                "--env", "LAMBDASCOPE_FLUSH=end-of-invocation", "--env", "LAMBDASCOPE_OVERHEAD_BUDGET_MS=60000",
                "--env", "QEMU_LD_PREFIX=" + System.getProperty("lambdascope.arm64.sysroot"),
                // An emulated JVM starts in seconds, not milliseconds.
                "--init-timeout", "300", "--timeout", "120", "--shutdown-timeout", "20000",
                "--sink", "--report", report.toString()));
        Process sandbox = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile()).start();
        assertTrue(sandbox.waitFor(10, TimeUnit.MINUTES), "the emulated run ended in time");
        String output = Files.readString(work.resolve("output.txt"));
        assertEquals(0, sandbox.exitValue(), output);

        JsonNode run = JSON.readTree(report.toFile());
        assertEquals("success", run.at("/inits/0/status").asText(), output);
        assertTrue(run.at("/inits/0/extensions/0/readyMs").isNumber(), "the extension registered and became ready: " + output);
        for (JsonNode invocation : run.get("invocations")) {
            assertEquals("success", invocation.get("status").asText(), output);
        }
        // Not asserted: a clean exit. Under qemu-user the JVM's last export and its exit can stall
        // in an emulated wait until the sandbox kills it at the deadline; natively, every sandbox
        // test of the extension checks it exits cleanly.
        assertTrue(output.contains("Lambdascope " + LayerPaths.version() + " starting as lambdascope"), output);
        // The first invocations' spans (the platform's merged with the captured one, and their
        // phases), metrics and logs: the emulated extension captured, converted and exported.
        assertTrue(run.at("/sink/spans").asLong() >= 3, "spans exported: " + run.get("sink"));
        assertTrue(run.at("/sink/metricPoints").asLong() > 0, "metrics exported: " + run.get("sink"));
        assertTrue(run.at("/sink/logRecords").asLong() > 0, "logs exported: " + run.get("sink"));
        assertTrue(run.at("/sink/services").has("sandbox-function"), "under the function's service: " + run.get("sink"));
    }

    /**
     * As in the x86_64 layer ({@code LayerZipIT}): the app jar's entry, its date and time read in
     * Lambda's zone, UTC, has the time the AOT cache was trained with, whatever the build
     * machine's zone (the arm64 zip is written by another tool than the x86_64 one).
     */
    @Test
    void givesTheAppJarTheTimeItsAotCacheWasTrainedWith() throws IOException {
        Path trained = zip.resolveSibling("arm64").resolve("lambdascope/app/lambdascope.jar");
        try (ZipFile layer = new ZipFile(zip.toFile())) {
            ZipEntry jar = layer.getEntry("lambdascope/app/lambdascope.jar");
            assertEquals(Files.getLastModifiedTime(trained).toInstant(), jar.getTimeLocal().toInstant(ZoneOffset.UTC));
            assertEquals(Files.size(trained), jar.getSize());
        }
    }

    /**
     * The AOT cache the build trained under emulation, as a Graviton2, is used on each Graviton
     * Lambda may run the layer on (2, 3 and 4): the launcher's JVM, told to refuse to start
     * without it, starts on each emulated CPU and runs the extension's own classes from it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"neoverse-n1", "neoverse-v1", "neoverse-n2"})
    void startsFromItsAotCacheOnEachGraviton(String cpu, @TempDir Path work) throws Exception {
        assumeEmulator();
        assumeTrue(LayerPaths.aotCacheExpected(), "the layer was built without an AOT cache");
        // As Lambda unpacks it under /opt: executables with their modes, every file with its time.
        Path layer = work.resolve("opt");
        Layers.unpack(List.of(zip), layer);
        Path classes = work.resolve("classes.log");
        Path launcher = layer.resolve("extensions/lambdascope");
        LauncherOptions.add(launcher, "-XX:AOTMode=on", "-Xlog:class+load=info:file=" + classes);

        ProcessBuilder builder = new ProcessBuilder(aarch64Runnable(List.of(launcher.toString())))
                .redirectErrorStream(true).redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().remove("AWS_LAMBDA_RUNTIME_API");
        builder.environment().put("QEMU_CPU", cpu);
        builder.environment().put("QEMU_LD_PREFIX", System.getProperty("lambdascope.arm64.sysroot"));
        Process extension = builder.start();
        assertTrue(extension.waitFor(2, TimeUnit.MINUTES), "the emulated JVM ended in time");
        String output = Files.readString(work.resolve("output.txt"));

        // Outside Lambda the extension says so and exits: its main ran, so the JVM took the cache.
        assertTrue(output.contains("AWS_LAMBDA_RUNTIME_API is not set"), output);
        List<String> fromCache = Files.readAllLines(classes).stream()
                .filter(line -> line.contains(" io.lambdascope.extension.") && line.contains("source: shared objects file"))
                .toList();
        assertTrue(fromCache.size() > 10, "the extension's classes from the cache: " + fromCache);
    }

    private static void assumeEmulator() {
        String emulator = System.getProperty("lambdascope.arm64.emulator", "");
        String sysroot = System.getProperty("lambdascope.arm64.sysroot", "");
        // An unset variable reaches here as "", which names the working directory: test the text too.
        assumeTrue(!emulator.isBlank() && !sysroot.isBlank()
                        && Files.isRegularFile(Path.of(emulator)) && Files.isExecutable(Path.of(emulator))
                        && Files.isDirectory(Path.of(sysroot)),
                "no qemu-aarch64 and arm64 system root given (LAMBDASCOPE_ARM64_EMULATOR, LAMBDASCOPE_ARM64_SYSROOT)");
    }

    /**
     * The command, run in a user namespace with a binfmt_misc of its own, where the kernel starts
     * aarch64 executables through qemu as Lambda's starts them natively; the machine's own binfmt
     * settings stay untouched.
     */
    private static List<String> aarch64Runnable(List<String> command) {
        String registerAarch64 = "mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc"
                + " && printf '%s' ':qemu-aarch64:M::" + AARCH64_MAGIC + ":" + AARCH64_MASK + ":"
                + System.getProperty("lambdascope.arm64.emulator") + ":F'"
                + " > /proc/sys/fs/binfmt_misc/register && exec \"$@\"";
        List<String> runnable = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--mount",
                "sh", "-c", registerAarch64, "sh"));
        runnable.addAll(command);
        return runnable;
    }
}
