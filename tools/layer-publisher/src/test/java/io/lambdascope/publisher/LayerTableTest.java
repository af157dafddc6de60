package io.lambdascope.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerTableTest {
    /** docs/layers.json, from this module's folder. */
    private static final Path MANIFEST = Path.of("../../docs/layers.json");

    @Test
    void theDocsPageShowsWhatTheManifestSays() throws Exception {
        Path page = LayerTable.pageFor(MANIFEST);
        if (Boolean.getBoolean("lambdascope.docs.write")) {
            LayerTable.write(MANIFEST);
        }
        assertEquals(LayerTable.render(MANIFEST), Files.readString(page),
                "docs/layers.md is out of date; regenerate it with: ./mvnw -q -pl tools/layer-publisher test -Dtest=LayerTableTest -Dlambdascope.docs.write=true");
    }

    @Test
    void rendersOneTableOfArnsPerRelease(@TempDir Path dir) throws Exception {
        Path manifest = Files.writeString(dir.resolve("layers.json"), """
                {"schemaVersion": 1, "name": "lambdascope", "releases": [
                  {"version": "0.2.0", "compatibleRuntimes": ["java21", "python3.13"], "layers": {
                    "eu-west-1": {"x86_64": "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:4",
                                  "arm64": "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4"},
                    "us-east-1": {"x86_64": "arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:4"}}}]}""");

        String page = LayerTable.render(manifest);

        assertEquals(dir.resolve("layers.md"), LayerTable.pageFor(manifest));
        assertTrue(page.contains("""
                ## 0.2.0

                Runtimes: `java21`, `python3.13`.

                | region | x86_64 | arm64 |
                |---|---|---|
                | eu-west-1 | `arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:4` | `arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-arm64:4` |
                | us-east-1 | `arn:aws:lambda:us-east-1:123456789012:layer:lambdascope-x86_64:4` | — |
                """), page);
    }
}
