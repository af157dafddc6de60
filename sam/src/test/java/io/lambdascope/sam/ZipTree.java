package io.lambdascope.sam;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A layer tree as path, Unix mode (type and permission bits, as st_mode) and SHA-256 of the
 * content, read from a zip or from a folder, so that the two compare as equal maps. A zip keeps
 * the modes in the external attributes of its central directory, which java.util.zip does not
 * expose, so they are read from the directory itself.
 */
final class ZipTree {
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int CENTRAL_FILE_HEADER = 0x02014b50;
    private static final int CREATED_ON_UNIX = 3;

    /** One file or folder of the tree; a folder has no digest. */
    record Entry(String mode, String sha256) {
    }

    private ZipTree() {
    }

    /** Path (folders without a trailing slash) to entry. */
    static Map<String, Entry> ofZip(Path zip) throws IOException {
        Map<String, Integer> modes = modes(zip);
        Map<String, Entry> tree = new TreeMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : file.stream().toList()) {
                String name = entry.getName().replaceFirst("/$", "");
                String mode = Integer.toOctalString(modes.getOrDefault(entry.getName(), 0));
                try (InputStream in = file.getInputStream(entry)) {
                    tree.put(name, new Entry(mode, entry.isDirectory() ? null : sha256(in)));
                }
            }
        }
        return tree;
    }

    static Map<String, Entry> ofFolder(Path folder) throws IOException {
        Map<String, Entry> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(p -> !p.equals(folder)).toList()) {
                String name = folder.relativize(path).toString();
                String mode = Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    tree.put(name, new Entry(mode, null));
                } else {
                    try (InputStream in = Files.newInputStream(path)) {
                        tree.put(name, new Entry(mode, sha256(in)));
                    }
                }
            }
        }
        return tree;
    }

    private static Map<String, Integer> modes(Path zip) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        int end = bytes.limit() - 22;
        while (end >= 0 && bytes.getInt(end) != END_OF_CENTRAL_DIRECTORY) {
            end--;
        }
        if (end < 0) {
            throw new IOException(zip + " has no end of central directory record");
        }
        int entries = Short.toUnsignedInt(bytes.getShort(end + 10));
        int at = bytes.getInt(end + 16);
        Map<String, Integer> modes = new TreeMap<>();
        for (int i = 0; i < entries; i++) {
            if (bytes.getInt(at) != CENTRAL_FILE_HEADER) {
                throw new IOException(zip + ": no central directory header at " + at);
            }
            int madeBy = Short.toUnsignedInt(bytes.getShort(at + 4)) >>> 8;
            int nameLength = Short.toUnsignedInt(bytes.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(bytes.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(bytes.getShort(at + 32));
            int external = bytes.getInt(at + 38);
            String name = new String(bytes.array(), at + 46, nameLength, StandardCharsets.UTF_8);
            modes.put(name, madeBy == CREATED_ON_UNIX ? external >>> 16 : 0);
            at += 46 + nameLength + extraLength + commentLength;
        }
        return modes;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
