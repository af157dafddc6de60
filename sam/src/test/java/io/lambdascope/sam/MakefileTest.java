package io.lambdascope.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sam/Makefile, run as {@code sam build} runs it (its target build-&lt;layer logical id&gt; with
 * ARTIFACTS_DIR), with the Maven build skipped: the reactor built the layer zips before this
 * module. What it leaves in ARTIFACTS_DIR, which SAM zips as the layer, must be the zip's tree.
 */
class MakefileTest {
    @TempDir
    Path dir;

    /** The outcome of one run of make. */
    record Run(int status, String output) {
    }

    @BeforeAll
    static void toolsArePresent() {
        assumeTrue(onPath("make") && onPath("unzip"), "make and unzip must be on PATH to run the Makefile");
    }

    @Test
    void x86_64TargetBuildsTheTreeOfTheX86_64Zip() throws Exception {
        buildsTheTreeOfTheZip("x86_64");
    }

    @Test
    void arm64TargetBuildsTheTreeOfTheArm64Zip() throws Exception {
        buildsTheTreeOfTheZip("arm64");
    }

    private void buildsTheTreeOfTheZip(String arch) throws Exception {
        Path zip = Project.layerZip(arch);
        assumeTrue(Files.isRegularFile(zip), "no " + zip + ": the extension build writes it"
                + (arch.equals("arm64") ? " only with LAMBDASCOPE_ARM64_JDK set (extension/README.md)" : ""));
        String target = "build-" + LayerTemplateTest.LAYERS.get(arch);
        Path artifacts = dir.resolve("artifacts");
        List<String> arguments = new ArrayList<>(List.of(target, "ARTIFACTS_DIR=" + artifacts, "LAMBDASCOPE_SKIP_BUILD=true"));
        if (notForRelease(zip)) {
            Run refused = make(arguments);
            assertNotEquals(0, refused.status(), refused.output());
            assertTrue(refused.output().contains("is marked not for release"), refused.output());
            arguments.add("LAMBDASCOPE_ALLOW_NOT_FOR_RELEASE=true");
        }
        Run run = make(arguments);
        assertEquals(0, run.status(), run.output());

        Map<String, ZipTree.Entry> expected = ZipTree.ofZip(zip);
        Map<String, ZipTree.Entry> built = ZipTree.ofFolder(artifacts);
        assertEquals(expected.keySet(), built.keySet(), "paths");
        expected.forEach((path, entry) -> assertEquals(entry, built.get(path), path));
        assertEquals("100755", built.get("extensions/lambdascope").mode(), "the launcher must stay executable");
        assertEquals("100755", built.get("lambdascope-wrapper").mode(), "the wrapper must stay executable");
    }

    @Nested
    class Refusals {
        @Test
        void failsWhenArtifactsDirIsNotGiven() throws Exception {
            Run run = make(List.of("build-LambdascopeLayerX8664", "LAMBDASCOPE_SKIP_BUILD=true"));
            assertEquals(2, run.status(), run.output());
            assertTrue(run.output().contains("lambdascope: ARTIFACTS_DIR is not set"), run.output());
        }

        @Test
        void failsWhenThereIsNoZipAndSaysHowTheArm64OneIsBuilt() throws Exception {
            Path layers = Files.createDirectories(dir.resolve("layers"));
            Run run = makeWith(layers, "build-LambdascopeLayerArm64");
            assertNotEquals(0, run.status(), run.output());
            assertTrue(run.output().contains("lambdascope: no arm64 layer at " + layers.resolve("lambdascope-extension-arm64.zip")), run.output());
            assertTrue(run.output().contains("LAMBDASCOPE_ARM64_JDK"), run.output());
            assertEmpty(dir.resolve("artifacts"));
        }

        @Test
        void failsWhenTheZipIsALayerForAnotherArchitecture() throws Exception {
            Path layers = Files.createDirectories(dir.resolve("layers"));
            layerZip(layers.resolve("lambdascope-extension-x86_64.zip"), "{\"name\":\"lambdascope\",\"architecture\":\"arm64\",\"release\":true}");
            Run run = makeWith(layers, "build-LambdascopeLayerX8664");
            assertNotEquals(0, run.status(), run.output());
            assertTrue(run.output().contains("is a layer for 'arm64', not x86_64"), run.output());
            assertEmpty(dir.resolve("artifacts"));
        }

        @Test
        void failsWhenTheZipIsMarkedNotForReleaseUnlessAllowed() throws Exception {
            Path layers = Files.createDirectories(dir.resolve("layers"));
            layerZip(layers.resolve("lambdascope-extension-arm64.zip"), "{\"name\":\"lambdascope\",\"architecture\":\"arm64\",\"release\":false}");
            Run refused = makeWith(layers, "build-LambdascopeLayerArm64");
            assertNotEquals(0, refused.status(), refused.output());
            assertTrue(refused.output().contains("is marked not for release"), refused.output());
            assertEmpty(dir.resolve("artifacts"));

            Run allowed = makeWith(layers, "build-LambdascopeLayerArm64", "LAMBDASCOPE_ALLOW_NOT_FOR_RELEASE=true");
            assertEquals(0, allowed.status(), allowed.output());
            assertTrue(Files.isRegularFile(dir.resolve("artifacts/lambdascope/layer.json")));
        }

        private Run makeWith(Path layers, String target, String... more) throws Exception {
            List<String> arguments = new ArrayList<>(List.of(target, "ARTIFACTS_DIR=" + dir.resolve("artifacts"),
                    "LAMBDASCOPE_SKIP_BUILD=true", "LAMBDASCOPE_LAYERS_DIR=" + layers));
            arguments.addAll(List.of(more));
            return make(arguments);
        }

        private static void assertEmpty(Path folder) throws IOException {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    assertEquals(List.of(), files.toList(), "a refused zip must leave ARTIFACTS_DIR empty");
                }
            }
        }
    }

    /** Runs make on sam/Makefile from a folder of its own, as SAM runs it from a scratch copy. */
    private Run make(List<String> arguments) throws Exception {
        Path workdir = Files.createDirectories(dir.resolve("scratch"));
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory", "-f", Project.sam().resolve("Makefile").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true);
        // The environment must not choose for the test: these variables are given as arguments or not at all.
        List.of("ARTIFACTS_DIR", "LAMBDASCOPE_SKIP_BUILD", "LAMBDASCOPE_LAYERS_DIR", "LAMBDASCOPE_ALLOW_NOT_FOR_RELEASE")
                .forEach(builder.environment()::remove);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "make did not finish");
        return new Run(process.exitValue(), output);
    }

    private static boolean notForRelease(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            String declared = new String(file.getInputStream(file.getEntry("lambdascope/layer.json")).readAllBytes(), StandardCharsets.UTF_8);
            return declared.replace(" ", "").contains("\"release\":false");
        }
    }

    /** A zip with only the layer.json the Makefile checks. */
    private static void layerZip(Path zip, String layerJson) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry("lambdascope/layer.json"));
            entries.write(layerJson.getBytes(StandardCharsets.UTF_8));
            entries.closeEntry();
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(folder -> Files.isExecutable(Path.of(folder, tool)));
    }
}
