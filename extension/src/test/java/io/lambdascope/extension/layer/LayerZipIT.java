package io.lambdascope.extension.layer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer zip holds the contract's layout, with the modes Lambda needs to run it. */
class LayerZipIT {

    private static final int EXECUTABLE = 0755;
    private static Map<String, Integer> modes;

    @BeforeAll
    static void readZip() throws IOException {
        modes = ZipModes.of(LayerPaths.zip());
    }

    @Test
    void holdsExactlyTheContractLayoutAtTheTop() {
        Set<String> top = modes.keySet().stream()
                .map(name -> name.contains("/") ? name.substring(0, name.indexOf('/') + 1) : name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("extensions/", "lambdascope/", "lambdascope-wrapper")), top);

        Set<String> extensions = entriesUnder("extensions/");
        assertEquals(Set.of("extensions/lambdascope"), extensions);

        Set<String> home = modes.keySet().stream()
                .filter(name -> name.startsWith("lambdascope/") && !name.equals("lambdascope/"))
                .map(name -> name.substring("lambdascope/".length()))
                .map(name -> name.contains("/") ? name.substring(0, name.indexOf('/') + 1) : name)
                .collect(Collectors.toCollection(TreeSet::new));
        home.remove("lambdascope.aot");
        assertEquals(new TreeSet<>(Set.of("app/", "aws/", "runtime/", "VERSION", "layer.json")), home);
    }

    @Test
    void makesTheScriptsAndTheRuntimeExecutable() {
        for (String name : Set.of("extensions/lambdascope", "lambdascope-wrapper",
                "lambdascope/runtime/bin/java", "lambdascope/runtime/lib/jspawnhelper")) {
            assertTrue(modes.containsKey(name), name + " is missing");
            assertEquals(EXECUTABLE, modes.get(name) & 0777, () -> name + " has mode " + Integer.toOctalString(modes.get(name)));
        }
    }

    @Test
    void carriesEveryFileOfTheTreeWithItsMode() throws IOException {
        Path tree = LayerPaths.tree();
        Map<String, Integer> expected = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                expected.put(tree.relativize(file).toString().replace('\\', '/'), permissions(file));
            }
        }
        Map<String, Integer> actual = new TreeMap<>();
        modes.forEach((name, mode) -> {
            if (!name.endsWith("/")) {
                actual.put(name, mode & 0777);
            }
        });
        assertEquals(expected, actual);
    }

    @Test
    void carriesTheExtensionAndItsRuntimeDependenciesOnly() {
        Set<String> app = entriesUnder("lambdascope/app/");
        assertTrue(app.contains("lambdascope/app/lambdascope-extension.jar"), app.toString());
        assertTrue(app.stream().anyMatch(name -> name.matches("lambdascope/app/helidon-webserver-.*\\.jar")), app.toString());
        assertTrue(app.stream().allMatch(name -> name.endsWith(".jar")), app.toString());
        for (String testOnly : Set.of("junit", "opentest4j", "lambdascope-sandbox", "java-apigw-function")) {
            assertFalse(app.stream().anyMatch(name -> name.contains(testOnly)), testOnly + " must not ship: " + app);
        }
    }

    @Test
    void keepsTheAwsSdkOutOfApp() {
        Set<String> app = entriesUnder("lambdascope/app/");
        Set<String> aws = entriesUnder("lambdascope/aws/");
        assertTrue(aws.stream().anyMatch(name -> name.matches("lambdascope/aws/http-auth-aws-.*\\.jar")), aws.toString());
        assertTrue(aws.stream().anyMatch(name -> name.matches("lambdascope/aws/url-connection-client-.*\\.jar")), aws.toString());
        // Calls are signed requests, not service clients: no client, nor the core they would bring.
        for (String unwanted : Set.of("netty", "apache-client", "apache5-client", "httpclient", "secretsmanager", "ssm-", "lambda-",
                "sdk-core", "aws-core", "regions-", "protocol")) {
            assertFalse(aws.stream().anyMatch(name -> name.contains(unwanted)), unwanted + " must not ship: " + aws);
        }
        for (String sdk : Set.of("http-auth", "http-client-spi", "url-connection-client", "identity-spi", "slf4j", "reactive-streams")) {
            assertFalse(app.stream().anyMatch(name -> name.contains(sdk)), sdk + " belongs in aws/: " + app);
        }
    }

    @Test
    void namesTheProjectVersion() throws IOException {
        assertEquals(LayerPaths.version() + "\n", Files.readString(LayerPaths.tree().resolve("lambdascope/VERSION")));
    }

    private static Set<String> entriesUnder(String folder) {
        return modes.keySet().stream()
                .filter(name -> name.startsWith(folder) && !name.equals(folder))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static int permissions(Path file) throws IOException {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
