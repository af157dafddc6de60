package io.lambdascope.sandbox.layer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks layers, zips or folders, into one folder that stands for {@code /opt}, later layers
 * over earlier ones, as Lambda merges a function's layers.
 */
public final class Layers {

    private Layers() {
    }

    /** Unpacks every layer, in order, into {@code opt}, keeping files' modes and times. */
    public static void unpack(List<Path> layers, Path opt) {
        try {
            Files.createDirectories(opt);
            for (Path layer : layers) {
                if (Files.isDirectory(layer)) {
                    copyTree(layer, opt);
                } else if (Files.isRegularFile(layer)) {
                    unzip(layer, opt);
                } else {
                    throw new IllegalArgumentException("layer " + layer + " is neither a zip nor a folder");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack layers into " + opt, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    // java.util.zip does not expose the Unix modes a layer zip carries; the JDK's zip file system
    // does, and Lambda restores them: without them no script or runtime binary in a layer runs.
    // An entry without modes (a zip made on Windows) would read as rwxrwxrwx, the zip file
    // system's default; it gets rw-r--r-- instead, so it is not executable, as on Lambda.
    private static void unzip(Path zip, Path to) throws IOException {
        Map<String, FileTime> times = entryTimes(zip);
        try (FileSystem layer = FileSystems.newFileSystem(zip,
                Map.of("enablePosixFileAttributes", "true", "defaultPermissions", "rw-r--r--"))) {
            Path root = layer.getPath("/");
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path source : (Iterable<Path>) paths::iterator) {
                    Path target = to.resolve(root.relativize(source).toString()).normalize();
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    Set<PosixFilePermission> modes = Files.getPosixFilePermissions(source);
                    if (!modes.isEmpty()) {
                        Files.setPosixFilePermissions(target, modes);
                    }
                    // The entry's time too, as Lambda and unzip give it: an AOT or CDS archive in
                    // a layer is valid only for jars with the times it was made with.
                    FileTime time = times.get(root.relativize(source).toString());
                    Files.setLastModifiedTime(target, time != null ? time : Files.getLastModifiedTime(source));
                }
            }
        }
    }

    /**
     * Each file's time as Lambda's unpacking gives it, whatever this machine's time zone: an
     * entry's extended timestamp when it has one (an instant, which unzip prefers), otherwise its
     * date and time read in UTC, Lambda's zone. The zip file system and {@link ZipEntry#getTime}
     * read the latter in this machine's zone, hours away from Lambda's outside UTC.
     */
    private static Map<String, FileTime> entryTimes(Path zip) throws IOException {
        Map<String, FileTime> times = new HashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                times.put(entry.getName(), hasExtendedTime(entry.getExtra())
                        ? entry.getLastModifiedTime()
                        : FileTime.from(entry.getTimeLocal().toInstant(ZoneOffset.UTC)));
            }
        }
        return times;
    }

    /** Whether the extra fields hold the file's time as an instant: Info-ZIP's extended timestamp with it, or an NTFS time. */
    private static boolean hasExtendedTime(byte[] extra) {
        if (extra == null) {
            return false;
        }
        for (int at = 0; at + 4 <= extra.length; ) {
            int id = (extra[at] & 0xff) | (extra[at + 1] & 0xff) << 8;
            int size = (extra[at + 2] & 0xff) | (extra[at + 3] & 0xff) << 8;
            boolean modified = id == 0x5455 && size > 0 && at + 4 < extra.length && (extra[at + 4] & 1) != 0;
            if (modified || id == 0x000a) {
                return true;
            }
            at += 4 + size;
        }
        return false;
    }
}
