import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes the layer's one application jar from the extension's jar and its runtime dependencies.
 *
 * <p>Why one jar: the JVM opens a class-path jar the first time anything looks up a resource in
 * it, and the JDK's logging set-up and Helidon's start each look up service files in every jar.
 * With some forty jars that opening was about a fifth of the extension's CPU before its first
 * invocation; classes themselves come from the AOT cache either way.
 *
 * <p>How they are merged, so that nothing a library reads at run time changes:
 * <ul>
 *   <li>{@code META-INF/services/*} files are concatenated, so every provider is still found;</li>
 *   <li>Helidon's {@code META-INF/helidon/manifest} files are concatenated whole: Helidon reads a
 *       manifest with more than one header line as a merged one and finds each listed file;</li>
 *   <li>an entry several jars carry with the same bytes (Helidon's licence and notice) is kept
 *       once; one with different bytes fails the build, naming both jars, since only one could be
 *       kept;</li>
 *   <li>left out: {@code module-info.class} (a class-path jar is no module), Maven's
 *       {@code META-INF/maven/}, signature files, the jars' own manifests and Helidon's
 *       {@code config-metadata.json}, which documents configuration keys for tools;</li>
 *   <li>left out as well, because nothing in the extension can load them: the {@code .proto}
 *       schema sources the protobuf jars carry for the protobuf compiler (generated classes hold
 *       their own descriptors), and OpenTelemetry's classes for the signals the extension does
 *       not handle, profiles and process context (the receivers have no route for them);
 *       with them go the folders they leave empty. The jar is smaller, and the first resource
 *       look-up, which reads the jar's whole directory, has fewer entries to read;</li>
 *   <li>the manifest is {@code Multi-Release: true} when an input jar is, so that versioned
 *       classes (Jackson's) are still chosen.</li>
 * </ul>
 * Entries keep their input order with a fixed time, so the same inputs give the same bytes and
 * the AOT cache, which is trained again whenever the jar changes, is not retrained for nothing.
 *
 * <p>Run by the build: {@code java AppJar.java <output jar> <extension jar> <dependency folder>}.
 */
public final class AppJar {

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String HELIDON_MANIFEST = "META-INF/helidon/manifest";
    /** Packages of the OpenTelemetry protocol for signals the extension neither receives nor exports. */
    private static final List<String> UNHANDLED_SIGNALS = List.of("io/opentelemetry/proto/profiles/",
            "io/opentelemetry/proto/collector/profiles/", "io/opentelemetry/proto/processcontext/");

    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private boolean multiRelease;

    public static void main(String[] args) throws IOException {
        Path output = Path.of(args[0]);
        List<Path> inputs = new ArrayList<>();
        inputs.add(Path.of(args[1]));
        try (Stream<Path> dependencies = Files.list(Path.of(args[2]))) {
            dependencies.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted().forEach(inputs::add);
        }
        AppJar jar = new AppJar();
        for (Path input : inputs) {
            jar.add(input);
        }
        int written = jar.write(output);
        System.out.println("app jar written: " + output + " (" + inputs.size() + " jars, " + written + " entries)");
    }

    private void add(Path input) throws IOException {
        String jarName = input.getFileName().toString();
        try (ZipFile zip = new ZipFile(input.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (name.equals(MANIFEST)) {
                    multiRelease |= new String(bytes, StandardCharsets.UTF_8).lines()
                            .anyMatch(line -> line.trim().equalsIgnoreCase("Multi-Release: true"));
                } else if (!leftOut(name)) {
                    put(name, bytes, jarName);
                }
            }
        }
    }

    private static boolean leftOut(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return file.equals("module-info.class")
                || name.endsWith(".proto")
                || UNHANDLED_SIGNALS.stream().anyMatch(name::startsWith)
                || name.startsWith("META-INF/maven/")
                || name.equals("META-INF/helidon/config-metadata.json")
                || name.equals("META-INF/INDEX.LIST")
                || (name.startsWith("META-INF/") && name.indexOf('/', 9) < 0
                    && (file.endsWith(".SF") || file.endsWith(".DSA") || file.endsWith(".RSA") || file.endsWith(".EC")));
    }

    private void put(String name, byte[] bytes, String jarName) {
        byte[] kept = entries.get(name);
        if (kept == null) {
            entries.put(name, bytes);
            origins.put(name, jarName);
        } else if (concatenated(name)) {
            entries.put(name, concat(kept, bytes));
        } else if (!name.endsWith("/") && !Arrays.equals(kept, bytes)) {
            throw new IllegalStateException(name + " differs between " + origins.get(name) + " and " + jarName
                    + ": the app jar can hold only one of them");
        }
    }

    private static boolean concatenated(String name) {
        return (name.startsWith("META-INF/services/") && !name.endsWith("/")) || name.equals(HELIDON_MANIFEST);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        boolean newline = first.length == 0 || first[first.length - 1] == '\n';
        byte[] joined = Arrays.copyOf(first, first.length + (newline ? 0 : 1) + second.length);
        if (!newline) {
            joined[first.length] = '\n';
        }
        System.arraycopy(second, 0, joined, joined.length - second.length, second.length);
        return joined;
    }

    private int write(Path output) throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(output); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            String manifest = "Manifest-Version: 1.0\r\n" + (multiRelease ? "Multi-Release: true\r\n" : "") + "\r\n";
            write(zip, MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
            int written = 1;
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                if (!isEmptyFolder(entry.getKey())) {
                    write(zip, entry.getKey(), entry.getValue());
                    written++;
                }
            }
            return written;
        }
    }

    private boolean isEmptyFolder(String name) {
        return name.endsWith("/") && entries.keySet().stream().noneMatch(kept -> kept.startsWith(name) && !kept.endsWith("/"));
    }

    private static void write(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(FIXED_TIME);
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }
}
