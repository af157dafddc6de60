package io.lambdascope.extension.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Gives a copy of the layer's launcher JVM options of a test's own: logging, a stricter AOT mode. */
public final class LauncherOptions {

    private static final String ANCHOR = "    -XX:+UseSerialGC \\\n";

    private LauncherOptions() {
    }

    /**
     * Adds options to the JVM the launcher starts, after its {@code -XX:+UseSerialGC} line.
     *
     * @param launcher a copy's {@code extensions/lambdascope}, rewritten in place
     * @param options the options, one per line
     * @throws IOException when the launcher cannot be read or written
     */
    public static void add(Path launcher, String... options) throws IOException {
        String script = Files.readString(launcher);
        StringBuilder lines = new StringBuilder(ANCHOR);
        for (String option : options) {
            lines.append("    ").append(option).append(" \\\n");
        }
        String edited = script.replace(ANCHOR, lines);
        assertNotEquals(script, edited, "no -XX:+UseSerialGC line in the launcher's options");
        Files.writeString(launcher, edited);
    }
}
