package io.lambdascope.extension.layer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
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
        for (String unwanted : Set.of("java.desktop", "java.sql", "java.xml", "java.se", "jdk.compiler", "jdk.jshell", "jdk.jlink",
                "java.management")) {
            assertFalse(actual.contains(unwanted), unwanted + " should not be in the image: " + actual);
        }
    }

    @Test
    void startsFromItsClassDataSharingArchiveUnlessTheAotCacheReplacesIt() throws Exception {
        boolean aotCache = Files.isRegularFile(LayerPaths.tree().resolve("lambdascope/lambdascope.aot"));
        assertEquals(LayerPaths.aotCacheExpected(), aotCache, "the layer has an AOT cache unless built without one");
        assertEquals(!aotCache, Files.isRegularFile(RUNTIME.resolve("lib/server/classes.jsa")),
                "the default CDS archive is shipped exactly when the layer has no AOT cache (which holds the JDK's classes too)");
        if (aotCache) {
            return; // LauncherIT proves the launcher's JVM maps the cache.
        }

        // -Xshare:on fails instead of silently starting without the archive.
        String version = run(JAVA.toString(), "-Xshare:on", "-XX:+UseSerialGC", "-version");

        assertTrue(version.contains("sharing"), version);
    }

    @Test
    void readsAndWritesJsonWithTheModulesItLinked() throws Exception {
        String classPath = LayerPaths.tree().resolve("lambdascope/app") + "/*" + File.pathSeparator
                + Path.of(JsonRoundTrip.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        String output = run(JAVA.toString(), "-cp", classPath, JsonRoundTrip.class.getName());

        assertEquals(JsonRoundTrip.EXPECTED, output.strip());
    }

    @Test
    void startsTheReceiversServerWithoutJavaManagement() throws Exception {
        String classPath = LayerPaths.tree().resolve("lambdascope/app") + "/*" + File.pathSeparator
                + Path.of(ServerStart.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        String output = run(JAVA.toString(), "-cp", classPath, ServerStart.class.getName());

        assertEquals(ServerStart.EXPECTED, output.strip().lines().reduce((first, last) -> last).orElse(""), output);
    }

    @Test
    void nativeLibrariesCarryNoSymbolTablesWhenTheBuildHadStrip() throws IOException {
        boolean strip = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "strip")));
        Assumptions.assumeTrue(strip, "no strip on the PATH: the build keeps the symbol tables");

        List<String> sections = elfSectionNames(RUNTIME.resolve("lib/server/libjvm.so"));

        assertTrue(sections.contains(".text") && sections.contains(".dynsym"), sections.toString());
        assertFalse(sections.contains(".symtab"), "libjvm.so still has its symbol table: " + sections);
    }

    /** The section names of a 64-bit little-endian ELF file, from its section header table. */
    private static List<String> elfSectionNames(Path file) throws IOException {
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x464c457f, elf.getInt(0), "not an ELF file: " + file);
        long tableOffset = elf.getLong(0x28);
        int entrySize = Short.toUnsignedInt(elf.getShort(0x3A));
        int count = Short.toUnsignedInt(elf.getShort(0x3C));
        int namesIndex = Short.toUnsignedInt(elf.getShort(0x3E));
        long names = elf.getLong((int) (tableOffset + (long) namesIndex * entrySize + 0x18));
        List<String> sections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int start = (int) (names + elf.getInt((int) (tableOffset + (long) i * entrySize)));
            int end = start;
            while (elf.get(end) != 0) {
                end++;
            }
            sections.add(new String(elf.array(), start, end - start, StandardCharsets.US_ASCII));
        }
        return sections;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
