package io.lambdascope.sam;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project is, as Maven passes it to the tests, and its version. */
final class Project {
    private Project() {
    }

    /** The project's root folder, from the system property {@code lambdascope.root} the build sets. */
    static Path root() {
        String root = System.getProperty("lambdascope.root");
        if (root == null || !Files.isRegularFile(Path.of(root, "mvnw"))) {
            throw new IllegalStateException("the system property lambdascope.root must name the project's root folder, got " + root
                    + "; run the tests through Maven, which sets it");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path sam() {
        return root().resolve("sam");
    }

    static Path layerTemplate() {
        return sam().resolve("layer.yaml");
    }

    static Path snippet() {
        return sam().resolve("snippet.yaml");
    }

    static Path sampleApp() {
        return root().resolve("samples/sam-app/template.yaml");
    }

    static Path manifest() {
        return root().resolve("docs/layers.json");
    }

    static Path layerZip(String architecture) {
        return root().resolve("extension/target/layers/lambdascope-extension-" + architecture + ".zip");
    }

    /** The project's version, from the system property {@code lambdascope.version} the build sets. */
    static String version() {
        String version = System.getProperty("lambdascope.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("the system property lambdascope.version is not set; run the tests through Maven");
        }
        return version;
    }

    /** The version a release of this build carries: the project's, without {@code -SNAPSHOT}. */
    static String releaseVersion() {
        return version().replaceFirst("-SNAPSHOT$", "");
    }
}
