package io.lambdascope.extension.export;

import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportConfig;
import io.lambdascope.extension.config.ExportProtocol;
import io.lambdascope.extension.fake.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Export over TLS to a server whose self-signed certificate (for 127.0.0.1 only) is made with the
 * JDK's keytool: not trusted by the JDK's trust store, trusted as an extra CA, or not checked at all.
 */
class ExportTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static Path pem;
    private static RecordingServer server;

    @BeforeAll
    static void serverWithSelfSignedCertificate() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
        pem = certificate.writePem(dir.resolve("ca.pem"));
        server = RecordingServer.https(certificate.serverContext());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ExportConfig config(String endpoint, Optional<String> caFile, Optional<String> caBase64, boolean insecure) {
        return new ExportConfig(Optional.of(URI.create(endpoint)), ExportProtocol.HTTP_PROTOBUF, Map.of(), Optional.empty(),
                Compression.GZIP, Duration.ofSeconds(2), caFile, caBase64, insecure);
    }

    private static ExportResult export(ExportConfig config) {
        try (Exporter exporter = Exporters.from(config, System.out)) {
            return exporter.export(Signal.TRACES, Requests.traces(1), System.nanoTime() + WAIT.toNanos());
        }
    }

    @Test
    void extraCaFromAPemFileIsTrusted() {
        ExportResult result = export(config(server.endpoint(), Optional.of(pem.toString()), Optional.empty(), false));
        assertEquals(ExportResult.Outcome.SENT, result.outcome(), result.toString());
    }

    @Test
    void extraCaInBase64IsTrusted() throws IOException {
        String pemBase64 = Base64.getEncoder().encodeToString(Files.readAllBytes(pem));
        assertTrue(export(config(server.endpoint(), Optional.empty(), Optional.of(pemBase64), false)).sent());
    }

    @Test
    void extraCaAsBase64DerIsTrusted() throws Exception {
        byte[] der = ExportTls.extraCertificates(config(server.endpoint(), Optional.of(pem.toString()), Optional.empty(), false))
                .getFirst().getEncoded();
        assertTrue(export(config(server.endpoint(), Optional.empty(), Optional.of(Base64.getEncoder().encodeToString(der)), false)).sent());
    }

    @Test
    void withoutTheCaTheServerIsNotTrustedAndNotRetried() {
        ExportResult result = export(config(server.endpoint(), Optional.empty(), Optional.empty(), false));
        assertEquals(ExportResult.Outcome.FAILED, result.outcome());
        assertEquals(1, result.attempts(), "a certificate does not become trusted by trying again");
        assertTrue(result.problem().orElseThrow().contains("not trusted"), result.toString());
    }

    @Test
    void theHostNameIsStillVerifiedWithTheExtraCa() throws IOException {
        InetAddress localhost = InetAddress.getByName("localhost");
        assumeTrue(localhost instanceof Inet4Address && localhost.isLoopbackAddress(), "localhost is not 127.0.0.1 here");
        ExportResult result = export(config("https://localhost:" + server.port(), Optional.of(pem.toString()), Optional.empty(), false));
        assertEquals(ExportResult.Outcome.FAILED, result.outcome(), "the certificate names 127.0.0.1, not localhost");
        assertEquals(1, result.attempts());
    }

    @Test
    void skippingVerificationTrustsAnything() {
        assertTrue(export(config(server.endpoint(), Optional.empty(), Optional.empty(), true)).sent());
    }

    @Test
    void anUnreadableCaLeavesTheJdkTrustStore() {
        ExportResult result = export(config(server.endpoint(), Optional.of(dir.resolve("missing.pem").toString()),
                Optional.of("not base64 at all!"), false));
        assertEquals(ExportResult.Outcome.FAILED, result.outcome());
        assertTrue(result.problem().orElseThrow().contains("not trusted"), result.toString());
    }

    @Test
    void caSettingsThatHoldNoCertificateAreRefused() {
        assertThrows(CertificateException.class, () -> ExportTls.extraCertificates(config(server.endpoint(), Optional.empty(),
                Optional.of(Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8))), false)));
        assertThrows(CertificateException.class, () -> ExportTls.extraCertificates(config(server.endpoint(), Optional.empty(),
                Optional.of("%%%"), false)));
        assertThrows(IOException.class, () -> ExportTls.extraCertificates(config(server.endpoint(),
                Optional.of(dir.resolve("missing.pem").toString()), Optional.empty(), false)));
    }

    @Test
    void withoutAnExtraCaTheJdksDefaultContextIsUsed() throws Exception {
        assertSame(SSLContext.getDefault(), ExportTls.context(false, List.of()));
    }

    @Test
    void plainHttpToATlsServerIsNotAnswered() {
        // No TLS is attempted for http, whatever the CA settings: the server sees no handshake and answers nothing readable.
        ExportResult result = export(config("http://127.0.0.1:" + server.port(), Optional.of(pem.toString()), Optional.empty(), false));
        assertFalse(result.sent(), result.toString());
    }
}
