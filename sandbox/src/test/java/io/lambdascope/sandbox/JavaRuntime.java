package io.lambdascope.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Runtime commands for the sandbox made from this test JVM: the real AWS Lambda Java runtime
 * interface client on the test class path, or a plain main class.
 */
final class JavaRuntime {

    /** Lambda's Java runtime entry point. */
    static final String RIC = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private JavaRuntime() {
    }

    /** The runtime interface client serving {@code handler}, e.g. {@code a.B::handleRequest}. */
    static List<String> ric(String handler) {
        List<String> command = java(RIC);
        command.add(handler);
        return command;
    }

    /** {@code java <main class>} on the test class path. */
    static List<String> java(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        // Short-lived JVMs: the C1 compiler alone and the serial collector start fastest.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /** Writes {@code text} to {@code file} with mode 755. */
    static Path executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
