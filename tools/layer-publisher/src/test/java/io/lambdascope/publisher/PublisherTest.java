package io.lambdascope.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher run as its command, against a local fake of the Lambda API. */
class PublisherTest {
    private static final String X86 = "lambdascope-x86_64";
    private static final String ARM = "lambdascope-arm64";

    @TempDir
    Path dir;

    private FakeLambda lambda;
    private Path x86Zip;
    private Path armZip;
    private Path manifest;
    private String output;
    private String errors;

    @BeforeAll
    static void credentials() {
        // The SDK's default chain reads these first; the fake only checks that requests are signed.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @BeforeEach
    void start() throws IOException {
        lambda = new FakeLambda();
        x86Zip = zip("x86_64", "0.3.0", true);
        armZip = zip("arm64", "0.3.0", true);
        manifest = dir.resolve("layers.json");
    }

    @AfterEach
    void stop() {
        lambda.close();
    }

    private Path zip(String arch, String version, boolean release) throws IOException {
        Path zip = dir.resolve(arch + "-" + version + "-" + release + ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("lambdascope/layer.json"));
            out.write(("{\"name\":\"lambdascope\",\"version\":\"" + version + "\",\"architecture\":\"" + arch
                    + "\",\"compatibleRuntimes\":[\"java21\",\"python3.13\"],\"release\":" + release + "}").getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("lambdascope/VERSION"));
            out.write((version + " " + arch).getBytes(StandardCharsets.UTF_8));
        }
        return zip;
    }

    private int publish(String... extra) {
        List<String> args = new ArrayList<>(List.of("--manifest", manifest.toString(), "--endpoint-url", lambda.endpoint().toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        output = out.toString(StandardCharsets.UTF_8);
        errors = err.toString(StandardCharsets.UTF_8);
        return status;
    }

    /** Both zips, then the other arguments. */
    private int publishBoth(String... extra) {
        List<String> args = new ArrayList<>(List.of("--x86_64-zip", x86Zip.toString(), "--arm64-zip", armZip.toString()));
        args.addAll(List.of(extra));
        return publish(args.toArray(String[]::new));
    }

    private List<String> writes() {
        return lambda.requests().stream().filter(request -> !request.startsWith("GET")).toList();
    }

    private JsonNode manifest() throws IOException {
        return new ObjectMapper().readTree(manifest.toFile());
    }

    @Test
    void aDryRunReadsWhatIsPublishedAndChangesNothing() {
        lambda.existing("eu-west-1", X86, 2);

        assertEquals(0, publishBoth("--regions", "eu-west-1,us-east-1"), errors);

        assertTrue(output.contains("lambdascope-x86_64 0.3.0"), output);
        assertTrue(output.contains("eu-west-1       at version 2: publish 1 time to reach 3"), output);
        assertTrue(output.contains("us-east-1       at version 0: publish 3 times to reach 3 (the versions in between are deleted)"), output);
        assertTrue(output.contains("dry run: nothing was published"), output);
        assertEquals(List.of(), writes());
        assertFalse(Files.exists(manifest), "a dry run writes no manifest");
    }

    @Test
    void publishesBothArchitecturesToEveryRegionAtOneVersionNumberEach() throws IOException {
        lambda.existing("eu-west-1", X86, 3);
        lambda.existing("us-east-1", X86, 1);

        assertEquals(0, publishBoth("--regions", "eu-west-1,us-east-1", "--apply"), errors + output);

        // x86_64: eu-west-1 was ahead at 3, so both end at 4; us-east-1's 2 and 3 were fillers.
        assertEquals(List.of(
                "POST eu-west-1 /2018-10-31/layers/lambdascope-x86_64/versions",
                "POST us-east-1 /2018-10-31/layers/lambdascope-x86_64/versions",
                "POST us-east-1 /2018-10-31/layers/lambdascope-x86_64/versions",
                "POST us-east-1 /2018-10-31/layers/lambdascope-x86_64/versions",
                "DELETE us-east-1 /2018-10-31/layers/lambdascope-x86_64/versions/2",
                "DELETE us-east-1 /2018-10-31/layers/lambdascope-x86_64/versions/3",
                "POST eu-west-1 /2018-10-31/layers/lambdascope-arm64/versions",
                "POST us-east-1 /2018-10-31/layers/lambdascope-arm64/versions"), writes());
        assertEquals(List.of(1, 4), List.copyOf(lambda.layer("us-east-1", X86).versions.keySet()), "the user's version 1 stays");

        JsonNode release = manifest().path("releases").path(0);
        assertEquals(1, manifest().path("schemaVersion").asInt());
        assertEquals("0.3.0", release.path("version").asText());
        assertEquals("[\"java21\",\"python3.13\"]", release.path("compatibleRuntimes").toString());
        assertEquals(FakeLambda.arn("eu-west-1", X86, 4), release.path("layers").path("eu-west-1").path("x86_64").asText());
        assertEquals(FakeLambda.arn("us-east-1", X86, 4), release.path("layers").path("us-east-1").path("x86_64").asText());
        assertEquals(FakeLambda.arn("eu-west-1", ARM, 1), release.path("layers").path("eu-west-1").path("arm64").asText());
        assertEquals(FakeLambda.arn("us-east-1", ARM, 1), release.path("layers").path("us-east-1").path("arm64").asText());
        assertTrue(Files.readString(dir.resolve("layers.md")).contains("| us-east-1 | `" + FakeLambda.arn("us-east-1", X86, 4) + "` |"),
                "the ARN table is written next to the manifest");
    }

    @Test
    void aRegionThatLandsHigherBecauseOfDeletedNumbersPullsTheOthersUp() throws IOException {
        lambda.existing("eu-west-1", X86, 2);
        lambda.existing("us-east-1", X86, 2);
        lambda.deleted("us-east-1", X86, 2);

        assertEquals(0, publish("--regions", "eu-west-1,us-east-1", "--x86_64-zip", x86Zip.toString(), "--apply"), errors + output);

        // The plan says 3; us-east-1's next number is 5, so eu-west-1 publishes up to 5 and drops 3 and 4.
        assertTrue(output.contains("a region landed on version 5"), output);
        assertEquals(List.of(1, 2, 5), List.copyOf(lambda.layer("eu-west-1", X86).versions.keySet()));
        assertEquals(List.of(1, 2, 5), List.copyOf(lambda.layer("us-east-1", X86).versions.keySet()));
        assertEquals(FakeLambda.arn("eu-west-1", X86, 5), manifest().at("/releases/0/layers/eu-west-1/x86_64").asText());
    }

    @Test
    void runningAgainPublishesNothing() throws IOException {
        assertEquals(0, publishBoth("--regions", "eu-west-1,us-east-1", "--apply"), errors);
        String first = Files.readString(manifest);
        lambda.clearRequests();

        assertEquals(0, publishBoth("--regions", "eu-west-1,us-east-1", "--apply"), errors);

        assertEquals(List.of(), writes(), "every region already has this zip at the release's version");
        assertTrue(output.contains("eu-west-1       has version 1 with this zip: nothing to do"), output);
        assertEquals(first, Files.readString(manifest));
    }

    @Test
    void resumesAfterAFailedRegion() throws IOException {
        lambda.existing("us-west-2", X86, 2);
        lambda.failing("us-west-2", true);

        assertEquals(1, publish("--regions", "eu-west-1,us-west-2", "--x86_64-zip", x86Zip.toString(), "--apply"));
        assertTrue(errors.contains("lambdascope-x86_64 us-west-2: cannot read lambdascope-x86_64"), errors);
        assertTrue(errors.contains("run the same command again to resume"), errors);
        assertEquals(FakeLambda.arn("eu-west-1", X86, 1), manifest().at("/releases/0/layers/eu-west-1/x86_64").asText());
        assertTrue(manifest().at("/releases/0/layers/us-west-2").isMissingNode(), "only finished regions are listed");

        lambda.failing("us-west-2", false);
        lambda.clearRequests();
        assertEquals(0, publish("--regions", "eu-west-1,us-west-2", "--x86_64-zip", x86Zip.toString(), "--apply"), errors);

        // us-west-2 is ahead at 2, so the release moves to 3 in both.
        assertEquals(FakeLambda.arn("eu-west-1", X86, 3), manifest().at("/releases/0/layers/eu-west-1/x86_64").asText());
        assertEquals(FakeLambda.arn("us-west-2", X86, 3), manifest().at("/releases/0/layers/us-west-2/x86_64").asText());
        assertEquals(List.of(1, 3), List.copyOf(lambda.layer("eu-west-1", X86).versions.keySet()),
                "the filler 2 is gone; the first run's 1 stays, as anything may use a published version");
    }

    @Test
    void aResumedRunKeepsTheVersionAlreadyPublishedWithThisZip() throws IOException {
        lambda.failing("us-east-1", true);
        assertEquals(1, publish("--regions", "eu-west-1,us-east-1", "--x86_64-zip", x86Zip.toString(), "--apply"));
        lambda.failing("us-east-1", false);
        lambda.clearRequests();

        assertEquals(0, publish("--regions", "eu-west-1,us-east-1", "--x86_64-zip", x86Zip.toString(), "--apply"), errors);

        assertEquals(List.of("POST us-east-1 /2018-10-31/layers/lambdascope-x86_64/versions"), writes());
        assertEquals(FakeLambda.arn("us-east-1", X86, 1), manifest().at("/releases/0/layers/us-east-1/x86_64").asText());
    }

    @Test
    void sharesPubliclyWithAccountsAndWithAnOrganizationOnceOnly() {
        String[] sharing = {"--regions", "eu-west-1", "--x86_64-zip", x86Zip.toString(), "--public",
                "--share-account", "111122223333", "--share-organization", "o-a1b2c3d4e5", "--apply"};
        assertEquals(0, publish(sharing), errors);
        assertEquals(Map.of(1, java.util.Set.of("public", "account-111122223333", "organization-o-a1b2c3d4e5")),
                Map.of(1, lambda.layer("eu-west-1", X86).versions.get(1).statements()));

        assertEquals(0, publish(sharing), errors + " (a statement granted before is no error)");
    }

    @Test
    void keepsOtherReleasesInTheManifest() throws IOException {
        Files.writeString(manifest, """
                {"schemaVersion": 1, "name": "lambdascope", "releases": [
                  {"version": "0.2.0", "compatibleRuntimes": ["java21"], "layers": {"eu-west-1": {"x86_64": "arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:9"}}}
                ]}""");

        assertEquals(0, publish("--regions", "eu-west-1", "--x86_64-zip", x86Zip.toString(), "--apply"), errors);

        assertEquals("0.3.0", manifest().at("/releases/0/version").asText(), "the newest release first");
        assertEquals("0.2.0", manifest().at("/releases/1/version").asText());
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:layer:lambdascope-x86_64:9", manifest().at("/releases/1/layers/eu-west-1/x86_64").asText());
    }

    @Test
    void failsClearlyOnBadInputBeforeAnyRequest() throws IOException {
        assertEquals(2, publish("--regions", "eu-west-9"));
        assertEquals("lambdascope-layer-publisher: unknown region 'eu-west-9'\n", errors);

        assertEquals(2, publish("--regions", "eu-west-1", "--arm64-zip", x86Zip.toString()));
        assertEquals("lambdascope-layer-publisher: the zip given for arm64 holds the x86_64 layer: " + x86Zip + "\n", errors);

        assertEquals(2, publish("--regions", "eu-west-1", "--x86_64-zip", dir.resolve("missing.zip").toString()));
        assertEquals("lambdascope-layer-publisher: no layer zip at " + dir.resolve("missing.zip") + "\n", errors);

        Path testBuild = zip("arm64", "0.3.0", false);
        assertEquals(2, publish("--regions", "eu-west-1", "--arm64-zip", testBuild.toString()));
        assertTrue(errors.contains("is marked not for release"), errors);

        assertEquals(2, publish("--regions", "eu-west-1", "--x86_64-zip", x86Zip.toString(), "--share-account", "42"));
        assertEquals("lambdascope-layer-publisher: an account id has 12 digits, got '42'\n", errors);

        assertEquals(2, publish("--regions"));
        assertEquals("lambdascope-layer-publisher: --regions needs a value\n", errors);

        assertEquals(2, publishBoth("--regions", "eu-west-1", "--arm64-zip", zip("arm64", "0.4.0", true).toString()));
        assertTrue(errors.contains("the zips are of different versions"), errors);

        assertEquals(List.of(), lambda.requests());
    }

    @Test
    void failsClearlyWithoutCredentials() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--regions", "eu-west-1", "--x86_64-zip", x86Zip.toString(), "--endpoint-url", lambda.endpoint().toString())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        // No instance metadata service here: do not wait for one.
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(2, process.exitValue(), text);
        assertTrue(text.startsWith("lambdascope-layer-publisher: no AWS credentials found"), text);
        assertEquals(List.of(), lambda.requests());
    }

    @Test
    void helpSaysHowToUseIt() {
        assertEquals(0, publish("--help"));
        assertTrue(output.startsWith("Usage: lambdascope-layer-publisher --regions"), output);
    }
}
