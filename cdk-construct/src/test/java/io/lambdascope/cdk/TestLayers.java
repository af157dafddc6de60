package io.lambdascope.cdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Layer zips with the layout and layer.json of the build's, and little else. */
final class TestLayers {
    static final String VERSION = "1.2.3";
    static final String RUNTIMES = "[\"java21\",\"python3.13\",\"nodejs22.x\",\"provided.al2023\"]";

    private TestLayers() {
    }

    static Path zip(Path dir, String architecture) throws IOException {
        return zip(dir, architecture, VERSION, true);
    }

    static Path zip(Path dir, String architecture, String version, boolean release) throws IOException {
        Path zip = dir.resolve("lambdascope-extension-" + architecture + "-" + version + "-" + release + ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("extensions/lambdascope"));
            out.write("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("lambdascope/VERSION"));
            out.write((version + "\n").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("lambdascope/layer.json"));
            out.write(("{\"name\":\"lambdascope\",\"version\":\"" + version + "\",\"architecture\":\"" + architecture
                    + "\",\"compatibleRuntimes\":" + RUNTIMES + ",\"release\":" + release + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        return zip;
    }
}
