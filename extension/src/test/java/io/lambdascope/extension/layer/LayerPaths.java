package io.lambdascope.extension.layer;

import java.nio.file.Path;

/** Where the build put the layer; the build passes the locations as system properties. */
public final class LayerPaths {

    private LayerPaths() {
    }

    /** The unpacked layer, the folder that Lambda's /opt would be. */
    public static Path tree() {
        return Path.of(System.getProperty("lambdascope.layer.dir", "target/layers/x86_64")).toAbsolutePath();
    }

    /** The layer zip. */
    static Path zip() {
        return Path.of(System.getProperty("lambdascope.layer.zip", "target/layers/lambdascope-extension-x86_64.zip"))
                .toAbsolutePath();
    }

    /** The modules jdeps found for the runtime image, comma-separated, as jlink was given them. */
    static Path linkedModules() {
        return Path.of(System.getProperty("lambdascope.jlink.modules", "target/jlink/modules.txt")).toAbsolutePath();
    }

    /**
     * Whether the layer must have an AOT cache: unless the build was told to leave it out. A
     * training run that fails only warns, so that a build on a machine that cannot run it still
     * gives a layer; these tests are what notice a layer that lost its cache that way.
     */
    static boolean aotCacheExpected() {
        return !Boolean.getBoolean("lambdascope.aot.skip");
    }

    /** The project version the layer must carry in lambdascope/VERSION. */
    static String version() {
        return System.getProperty("lambdascope.version", "");
    }
}
