package io.lambdascope.extension.layer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer zip holds the contract's layout, with the modes Lambda needs to run it. */
class LayerZipIT {

    private static final int EXECUTABLE = 0755;
    private static final String APP_JAR = "lambdascope/app/lambdascope.jar";
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
    void carriesTheExtensionAndItsRuntimeDependenciesAsOneJar() throws IOException {
        assertEquals(Set.of(APP_JAR), entriesUnder("lambdascope/app/"));
        Set<String> classes = appJarEntries();
        for (String shipped : Set.of("io/lambdascope/extension/Main.class", "io/helidon/webserver/WebServer.class",
                "io/helidon/webserver/http2/Http2Connection.class", "com/fasterxml/jackson/core/JsonParser.class",
                "com/google/protobuf/CodedOutputStream.class", "io/opentelemetry/proto/trace/v1/Span.class")) {
            assertTrue(classes.contains(shipped), shipped + " must ship");
        }
        for (String testOnly : Set.of("org/junit/", "org/opentest4j/", "io/lambdascope/sandbox/", "io/lambdascope/samples/",
                "com/fasterxml/jackson/databind/")) {
            assertFalse(classes.stream().anyMatch(name -> name.startsWith(testOnly)), testOnly + " must not ship");
        }
        // Nothing in the extension can load these: protobuf compiler sources, and signals it does not handle.
        for (String unused : Set.of("io/opentelemetry/proto/profiles/", "io/opentelemetry/proto/collector/profiles/",
                "io/opentelemetry/proto/processcontext/", "opentelemetry/", "google/")) {
            assertFalse(classes.stream().anyMatch(name -> name.startsWith(unused)), unused + " must not ship");
        }
        assertTrue(classes.contains("io/opentelemetry/proto/collector/logs/v1/ExportLogsServiceRequest.class"));
    }

    /**
     * The AOT cache was trained with the tree's jar and is valid only for a jar of that size and
     * modification time; unpacked from the zip, the jar has its entry's time, which the zip holds
     * as a date and time without a zone, read in Lambda's, UTC. The build runs Maven in UTC
     * ({@code .mvn/jvm.config}), so this holds on a machine set to any zone.
     */
    @Test
    void givesTheAppJarTheTimeTheAotCacheWasTrainedWith() throws IOException {
        try (ZipFile zip = new ZipFile(LayerPaths.zip().toFile())) {
            ZipEntry jar = zip.getEntry(APP_JAR);
            Path trained = LayerPaths.tree().resolve(APP_JAR);
            assertEquals(Files.getLastModifiedTime(trained).toInstant(), jar.getTimeLocal().toInstant(ZoneOffset.UTC));
            assertEquals(Files.size(trained), jar.getSize());
        }
    }

    @Test
    void mergesWhatLibrariesLookUpAtRunTime() throws IOException {
        try (ZipFile jar = new ZipFile(LayerPaths.tree().resolve(APP_JAR).toFile())) {
            // Both the HTTP/1.1 and the HTTP/2 module provide a protocol: the gRPC receiver needs the second.
            assertEquals(Set.of("io.helidon.webserver.http1.Http1ProtocolConfigProvider", "io.helidon.webserver.http2.Http2ProtocolConfigProvider"),
                    lines(jar, "META-INF/services/io.helidon.webserver.spi.ProtocolConfigProvider"));
            // Helidon reads a manifest with more than one header as merged, and then finds each file it lists.
            List<String> manifest = linesInOrder(jar, "META-INF/helidon/manifest");
            assertTrue(manifest.stream().filter(line -> line.equals("#HELIDON MANIFEST#")).count() > 1, manifest.toString());
            manifest.stream().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .forEach(listed -> assertTrue(jar.getEntry(listed) != null, listed + " is listed and present"));
            // Jackson's versioned classes are chosen only in a multi-release jar.
            assertTrue(linesInOrder(jar, "META-INF/MANIFEST.MF").contains("Multi-Release: true"));
            assertTrue(jar.stream().anyMatch(entry -> entry.getName().startsWith("META-INF/versions/")));
            assertFalse(jar.stream().anyMatch(entry -> entry.getName().endsWith("module-info.class")));
        }
    }

    @Test
    void keepsTheAwsSdkOutOfApp() throws IOException {
        Set<String> aws = entriesUnder("lambdascope/aws/");
        assertTrue(aws.stream().anyMatch(name -> name.matches("lambdascope/aws/http-auth-aws-.*\\.jar")), aws.toString());
        assertTrue(aws.stream().anyMatch(name -> name.matches("lambdascope/aws/url-connection-client-.*\\.jar")), aws.toString());
        // Calls are signed requests, not service clients: no client, nor the core they would bring.
        for (String unwanted : Set.of("netty", "apache-client", "apache5-client", "httpclient", "secretsmanager", "ssm-", "lambda-",
                "sdk-core", "aws-core", "regions-", "protocol")) {
            assertFalse(aws.stream().anyMatch(name -> name.contains(unwanted)), unwanted + " must not ship: " + aws);
        }
        Set<String> app = appJarEntries();
        for (String sdk : Set.of("software/amazon/", "org/slf4j/", "org/reactivestreams/")) {
            assertFalse(app.stream().anyMatch(name -> name.startsWith(sdk)), sdk + " belongs in aws/");
        }
    }

    @Test
    void namesTheProjectVersion() throws IOException {
        assertEquals(LayerPaths.version() + "\n", Files.readString(LayerPaths.tree().resolve("lambdascope/VERSION")));
    }

    private static Set<String> appJarEntries() throws IOException {
        try (ZipFile jar = new ZipFile(LayerPaths.tree().resolve(APP_JAR).toFile())) {
            return jar.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> linesInOrder(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertTrue(entry != null, name + " is in the app jar");
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).toList();
    }

    private static Set<String> lines(ZipFile jar, String name) throws IOException {
        return linesInOrder(jar, name).stream().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
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
