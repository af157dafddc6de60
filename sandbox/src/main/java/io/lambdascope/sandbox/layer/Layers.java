package io.lambdascope.sandbox.layer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
                    Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
                }
            }
        }
    }
}
