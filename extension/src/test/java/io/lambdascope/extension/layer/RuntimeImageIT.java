package io.lambdascope.extension.layer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.Configuration;
import java.nio.charset.StandardCharsets;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer's Java runtime holds the modules the extension needs, no more, and runs it. */
class RuntimeImageIT {

    private static final Path RUNTIME = LayerPaths.tree().resolve("lambdascope/runtime");
    private static final Path JAVA = RUNTIME.resolve("bin/java");

    @Test
    void holdsTheModulesJdepsFoundWithWhatTheyRequire() throws Exception {
        List<String> linked = Arrays.stream(Files.readString(LayerPaths.linkedModules()).trim().split(","))
                .map(String::trim)
                .toList();
        Set<String> expected = Configuration.empty()
                .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), linked)
                .modules().stream()
                .map(ResolvedModule::name)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> actual = run(JAVA.toString(), "--list-modules").lines()
                .map(line -> line.replaceFirst("@.*", ""))
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(expected, actual);
        assertTrue(actual.containsAll(Set.of("java.base", "java.logging")), actual.toString());
        for (String unwanted : Set.of("java.desktop", "java.sql", "java.xml", "java.se", "jdk.compiler", "jdk.jshell", "jdk.jlink")) {
            assertFalse(actual.contains(unwanted), unwanted + " should not be in the image: " + actual);
        }
    }

    /**
     * Lambda's oldest supported OS, Amazon Linux 2, has glibc 2.26: a runtime linked from a JDK
     * built on a newer system would not even start there. Every ELF file of the image names the
     * glibc symbol versions it needs in its dynamic string table.
     */
    @Test
    void needsNoGlibcNewerThanAmazonLinux2s() throws Exception {
        Pattern needed = Pattern.compile("GLIBC_2\\.(\\d+)");
        int newest = 0;
        String newestFile = "";
        int elfFiles = 0;
        try (var files = Files.walk(RUNTIME)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
                    continue;
                }
                elfFiles++;
                Matcher matcher = needed.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                while (matcher.find()) {
                    int minor = Integer.parseInt(matcher.group(1));
                    if (minor > newest) {
                        newest = minor;
                        newestFile = RUNTIME.relativize(file).toString();
                    }
                }
            }
        }
        assertTrue(elfFiles >= 10, "the image's binaries were found: " + elfFiles);
        assertTrue(newest > 0, "no glibc version found in any binary");
        assertTrue(newest <= 26, "%s needs glibc 2.%d; Amazon Linux 2 has 2.26: link the layer from a JDK built for older systems (Temurin, Corretto)"
                .formatted(newestFile, newest));
    }

    @Test
    void startsFromItsClassDataSharingArchive() throws Exception {
        assertTrue(Files.isRegularFile(RUNTIME.resolve("lib/server/classes.jsa")), "no CDS archive in the image");

        // -Xshare:on fails instead of silently starting without the archive.
        String version = run(JAVA.toString(), "-Xshare:on", "-XX:+UseSerialGC", "-version");

        assertTrue(version.contains("sharing"), version);
    }

    @Test
    void runsJsonThroughJacksonWithoutItsOptionalModules() throws Exception {
        String classPath = LayerPaths.tree().resolve("lambdascope/app") + "/*" + java.io.File.pathSeparator
                + Path.of(JsonRoundTrip.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        String output = run(JAVA.toString(), "-cp", classPath, JsonRoundTrip.class.getName());

        assertEquals(JsonRoundTrip.EXPECTED, output.strip());
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
