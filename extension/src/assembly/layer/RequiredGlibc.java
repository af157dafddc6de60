import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the newest glibc a runtime image needs and fails when it is newer than Lambda's oldest OS
 * has: Amazon Linux 2 ships glibc 2.26, and a runtime linked from a JDK built on a newer system
 * would not even start there. Every ELF file names the glibc symbol versions it needs in its
 * dynamic string table.
 *
 * <p>Run by the build: {@code java RequiredGlibc.java <runtime image> <newest allowed minor, e.g. 26>
 * [--report-only]}. Prints the finding; exits 1 when the image needs more, unless told only to
 * report (for a layer marked as not for release).
 */
public final class RequiredGlibc {

    private static final Pattern NEEDED = Pattern.compile("GLIBC_2\\.(\\d+)");

    public static void main(String[] args) throws IOException {
        Path image = Path.of(args[0]);
        int allowed = Integer.parseInt(args[1]);
        boolean reportOnly = args.length > 2 && args[2].equals("--report-only");
        int newest = 0;
        int elfFiles = 0;
        String newestFile = "";
        try (Stream<Path> files = Files.walk(image)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length < 4 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
                    continue;
                }
                elfFiles++;
                Matcher matcher = NEEDED.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
                while (matcher.find()) {
                    int minor = Integer.parseInt(matcher.group(1));
                    if (minor > newest) {
                        newest = minor;
                        newestFile = image.relativize(file).toString();
                    }
                }
            }
        }
        if (elfFiles == 0 || newest == 0) {
            System.out.println("[ERROR] no ELF file naming a glibc version in " + image);
            System.exit(1);
        }
        if (newest <= allowed) {
            System.out.printf("runtime image %s needs glibc 2.%d (%s): runs on Amazon Linux 2 (2.%d) and 2023%n",
                    image, newest, newestFile, allowed);
            return;
        }
        System.out.printf("[%s] %s needs glibc 2.%d; Amazon Linux 2 has 2.%d: link the layer from a JDK built for older systems"
                + " (Temurin, Corretto)%n", reportOnly ? "WARNING" : "ERROR", newestFile, newest, allowed);
        if (!reportOnly) {
            System.exit(1);
        }
    }
}
