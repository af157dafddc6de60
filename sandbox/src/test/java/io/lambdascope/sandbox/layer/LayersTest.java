package io.lambdascope.sandbox.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers unpacked into the folder standing for /opt: zips with their Unix modes, folders, merged in order. */
class LayersTest {

    @TempDir
    Path dir;

    /** A layer zip with Unix modes, as a build writes one; {@code files} maps a path to "mode:content". */
    static Path zip(Path zip, Map<String, String> files) throws IOException {
        try (FileSystem layer = FileSystems.newFileSystem(zip, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                String[] modeAndContent = file.getValue().split(":", 2);
                Path entry = layer.getPath(file.getKey());
                if (entry.getParent() != null) {
                    Files.createDirectories(entry.getParent());
                }
                Files.writeString(entry, modeAndContent[1]);
                Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString(modeAndContent[0]));
            }
        }
        return zip;
    }

    private Path folder(String name, Map<String, String> files) throws IOException {
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            String[] modeAndContent = file.getValue().split(":", 2);
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, modeAndContent[1]);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(modeAndContent[0]));
        }
        return root;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void aZipLayerIsUnpackedWithItsUnixModes() throws IOException {
        Path layer = zip(dir.resolve("layer.zip"), Map.of(
                "extensions/collector", "rwxr-xr-x:#!/bin/sh\nexit 0\n",
                "collector/config.yaml", "rw-r--r--:receivers: {}\n"));
        Path opt = dir.resolve("opt");
        Layers.unpack(List.of(layer), opt);
        assertEquals("#!/bin/sh\nexit 0\n", Files.readString(opt.resolve("extensions/collector")));
        assertEquals("rwxr-xr-x", mode(opt.resolve("extensions/collector")));
        assertTrue(Files.isExecutable(opt.resolve("extensions/collector")));
        assertEquals("receivers: {}\n", Files.readString(opt.resolve("collector/config.yaml")));
        assertEquals("rw-r--r--", mode(opt.resolve("collector/config.yaml")));
    }

    /** A zip of one jar with this time: an extended timestamp, or only the date and time a zip always holds. */
    private Path timedZip(String name, FileTime instant, LocalDateTime dateAndTime) throws IOException {
        Path layer = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(layer); ZipOutputStream zip = new ZipOutputStream(file)) {
            ZipEntry jar = new ZipEntry("app/app.jar");
            if (instant != null) {
                jar.setLastModifiedTime(instant);
            } else {
                jar.setTimeLocal(dateAndTime);
            }
            zip.putNextEntry(jar);
            zip.write("a jar".getBytes());
            zip.closeEntry();
        }
        return layer;
    }

    /** Unpacks a layer on a machine set to a zone far from Lambda's UTC, and returns the jar's time. */
    private FileTime unpackedElsewhere(Path layer) throws IOException {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try {
            Path opt = dir.resolve("opt-" + layer.getFileName());
            Layers.unpack(List.of(layer), opt);
            return Files.getLastModifiedTime(opt.resolve("app/app.jar"));
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void aZipLayersFilesKeepTheirEntriesTimes() throws IOException {
        // A build's fixed time, which an AOT cache trained on the layer's jar records.
        FileTime built = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Path layer = timedZip("timed.zip", built, null);
        Path opt = dir.resolve("opt");
        Layers.unpack(List.of(layer), opt);
        assertEquals(built, Files.getLastModifiedTime(opt.resolve("app/app.jar")));
        assertEquals(built, unpackedElsewhere(layer), "an extended timestamp is an instant in any zone");
    }

    @Test
    void anEntrysDateAndTimeAreReadInLambdasZoneWhateverThisMachinesIs() throws IOException {
        // The layer's own zips hold no extended timestamps: the date and time alone, read in UTC.
        Path layer = timedZip("dos-time.zip", null, LocalDateTime.parse("2026-01-01T00:00:00"));
        assertEquals(FileTime.from(Instant.parse("2026-01-01T00:00:00Z")), unpackedElsewhere(layer));
    }

    @Test
    void aZipWithoutUnixModesIsUnpackedWithDefaultModes() throws IOException {
        Path layer = dir.resolve("plain.zip");
        try (OutputStream file = Files.newOutputStream(layer); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("lib/"));
            zip.putNextEntry(new ZipEntry("lib/readme.txt"));
            zip.write("made on Windows".getBytes());
            zip.closeEntry();
        }
        Path opt = dir.resolve("opt");
        Layers.unpack(List.of(layer), opt);
        assertEquals("made on Windows", Files.readString(opt.resolve("lib/readme.txt")));
        assertEquals("rw-r--r--", mode(opt.resolve("lib/readme.txt")), "not the zip file system's rwxrwxrwx");
    }

    @Test
    void aFolderLayerIsCopiedWithItsModes() throws IOException {
        Path layer = folder("layer", Map.of("wrapper", "rwxr-x---:#!/bin/sh\nexec \"$@\"\n", "lib/a/b.txt", "rw-------:deep"));
        Path opt = dir.resolve("opt");
        Layers.unpack(List.of(layer), opt);
        assertEquals("rwxr-x---", mode(opt.resolve("wrapper")));
        assertEquals("deep", Files.readString(opt.resolve("lib/a/b.txt")));
        assertEquals("rw-------", mode(opt.resolve("lib/a/b.txt")));
    }

    @Test
    void laterLayersOverwriteEarlierOnesAndTheRestIsMerged() throws IOException {
        Path first = zip(dir.resolve("first.zip"), Map.of("data/version", "rw-r--r--:1", "data/only-first", "rw-r--r--:a"));
        Path second = folder("second", Map.of("data/version", "rw-r--r--:2", "data/only-second", "rw-r--r--:b"));
        Path third = zip(dir.resolve("third.zip"), Map.of("data/version", "rwxr-xr-x:3"));
        Path opt = dir.resolve("opt");
        Layers.unpack(List.of(first, second, third), opt);
        assertEquals("3", Files.readString(opt.resolve("data/version")));
        assertEquals("rwxr-xr-x", mode(opt.resolve("data/version")), "the winning layer's mode too");
        assertEquals("a", Files.readString(opt.resolve("data/only-first")));
        assertEquals("b", Files.readString(opt.resolve("data/only-second")));

        Path reversed = dir.resolve("opt-reversed");
        Layers.unpack(List.of(third, second, first), reversed);
        assertEquals("1", Files.readString(reversed.resolve("data/version")));
    }

    @Test
    void noLayersLeaveAnEmptyOpt() throws IOException {
        Path opt = dir.resolve("opt");
        Layers.unpack(List.of(), opt);
        assertTrue(Files.isDirectory(opt));
        try (var files = Files.list(opt)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void failsWhenALayerIsNeitherAZipNorAFolder() {
        Path missing = dir.resolve("missing.zip");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.unpack(List.of(missing), dir.resolve("opt")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
