package io.lambdascope.samples.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Synthesizes the sample app with the CDK CLI from npm, offline, and checks the template: each
 * instrumented function references the layer of its own architecture and carries the wrapper.
 */
class SynthIT {
    private static final Path LAYERS = Path.of("../../extension/target/layers");
    private static final Path OUT = Path.of("target/cdk.out");
    private static final String ENDPOINT = "https://otlp.example.com:4318";

    @Test
    void theSampleAppSynthesizesWithEachFunctionOnTheLayerOfItsArchitecture() throws Exception {
        assumeTrue(Files.isRegularFile(LAYERS.resolve("lambdascope-extension-arm64.zip")),
                "the sample's functions are on arm64: build the arm64 layer (LAMBDASCOPE_ARM64_JDK, see extension/README.md)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The app as cdk.json runs it, on the class path this build resolved rather than a nested Maven.
        String app = java + " -cp " + System.getProperty("java.class.path") + " io.lambdascope.samples.cdk.SampleApp";
        List<String> command = new ArrayList<>(List.of(Path.of("node_modules/.bin/cdk").toAbsolutePath().toString(), "synth",
                "--app", app, "--output", OUT.toString(), "--context", "otlpEndpoint=" + ENDPOINT,
                // CI's arm64 layer is a test build (its JDK needs a newer glibc than Lambda's).
                "--context", "allowNotForRelease=true",
                "--no-notices", "--no-version-reporting", "--no-asset-metadata", "--quiet"));
        ProcessBuilder synth = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File("target/cdk-synth.log"));
        synth.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        Process process = synth.start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "cdk synth ended");
        String log = Files.readString(Path.of("target/cdk-synth.log"));
        assertEquals(0, process.exitValue(), log);

        JsonNode resources = new ObjectMapper().readTree(OUT.resolve("LambdascopeSample.template.json").toFile()).get("Resources");
        List<String> functions = new ArrayList<>();
        resources.properties().forEach(resource -> {
            if (!resource.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                return;
            }
            functions.add(resource.getKey());
            JsonNode properties = resource.getValue().get("Properties");
            String architecture = properties.path("Architectures").path(0).asText("x86_64");
            JsonNode layers = properties.path("Layers");
            assertEquals(1, layers.size(), resource.getKey() + " has one layer: " + layers);
            JsonNode layer = resources.get(layers.get(0).path("Ref").asText());
            assertEquals("AWS::Lambda::LayerVersion", layer.path("Type").asText(), resource.getKey() + " references a published layer");
            assertEquals(architecture, layer.path("Properties").path("CompatibleArchitectures").path(0).asText(),
                    resource.getKey() + " on " + architecture + " references the layer of its architecture");
            JsonNode variables = properties.path("Environment").path("Variables");
            assertEquals("/opt/lambdascope-wrapper", variables.path("AWS_LAMBDA_EXEC_WRAPPER").asText(), resource.getKey() + ": " + variables);
            assertEquals(ENDPOINT, variables.path("LAMBDASCOPE_EXPORT_ENDPOINT").asText(), resource.getKey() + ": " + variables);
            assertEquals("arm64", architecture, resource.getKey() + " is one of the sample's arm64 functions");
        });
        assertEquals(2, functions.size(), "the Java and the Python function: " + functions);
    }
}
