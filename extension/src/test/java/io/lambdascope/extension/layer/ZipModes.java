package io.lambdascope.extension.layer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Unix mode of every entry in a zip, read from its central directory: java.util.zip does not
 * expose the external attributes that Lambda's unzip uses to restore them.
 */
final class ZipModes {

    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int CENTRAL_FILE_HEADER = 0x02014b50;
    private static final int CREATED_ON_UNIX = 3;

    private ZipModes() {
    }

    /** Entry name to mode (permission bits and file type, as st_mode); entries without one map to 0. */
    static Map<String, Integer> of(Path zip) throws IOException {
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
        Map<String, Integer> modes = new LinkedHashMap<>();
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
}
