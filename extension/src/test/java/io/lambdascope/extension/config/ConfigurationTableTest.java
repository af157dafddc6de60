package io.lambdascope.extension.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed {@code docs/configuration.md} is what the code renders. With
 * {@code -Dlambdascope.docs.write=true} the test writes the file instead of comparing it.
 */
class ConfigurationTableTest {

    @Test
    void committedTableMatchesTheSettings() throws IOException {
        Path file = projectRoot().resolve(ConfigurationTable.FILE);
        String rendered = ConfigurationTable.render();
        if (Boolean.getBoolean("lambdascope.docs.write")) {
            ConfigurationTable.main(new String[] {file.toString()});
        }
        String committed = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertEquals(rendered, committed, ConfigurationTable.FILE + " differs from the settings in the code; regenerate it with: "
                + ConfigurationTable.REGENERATE_COMMAND);
    }

    @Test
    void tableListsEverySettingWithItsDefault() {
        String table = ConfigurationTable.render();
        for (Setting<?> setting : Settings.all()) {
            assertTrue(table.contains("| `" + setting.name() + "` |"), setting.name());
        }
        assertTrue(table.contains("| `LAMBDASCOPE_BUFFER_MAX_BYTES` | bytes | 8 MiB; 1/64 of the function's memory below 512 MB |"), table);
        assertTrue(table.contains("`http/protobuf` \\| `http/json` \\| `grpc`"), table);
    }

    /** Surefire runs in the module folder; the project root is the folder with the Maven wrapper. */
    private static Path projectRoot() {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.isRegularFile(folder.resolve("mvnw"))) {
            folder = folder.getParent();
        }
        if (folder == null) {
            throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
        }
        return folder;
    }
}
