package io.lambdascope.extension.layer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layer's scripts are POSIX sh and find their files relative to themselves: the same tree
 * runs under /opt in Lambda and from any folder elsewhere.
 */
class ScriptsTest {

    private static final Path LAYER_SOURCES = Path.of("src/layer").toAbsolutePath();

    @ParameterizedTest
    @ValueSource(strings = {"extensions/lambdascope", "lambdascope-wrapper"})
    void namesNoAbsoluteLayerLocation(String script) throws IOException {
        List<String> code = Files.readAllLines(LAYER_SOURCES.resolve(script)).stream()
                .map(String::strip)
                .filter(line -> !line.startsWith("#"))
                .toList();

        for (String line : code) {
            assertTrue(!line.contains("/opt"), script + " hard-codes /opt: " + line);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"extensions/lambdascope", "lambdascope-wrapper"})
    void isPosixShThatParses(String script) throws IOException, InterruptedException {
        Path file = LAYER_SOURCES.resolve(script);
        assertEquals("#!/bin/sh", Files.readAllLines(file).getFirst());
        assertTrue(Files.isExecutable(file), script + " must be executable in the source tree too");

        Process check = new ProcessBuilder("/bin/sh", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());

        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), output);
    }
}
