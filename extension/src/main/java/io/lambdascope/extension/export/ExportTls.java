package io.lambdascope.extension.export;

import io.lambdascope.extension.config.ExportConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS context of an https export endpoint, built from the CA settings. */
final class ExportTls {

    private ExportTls() {
    }

    /**
     * The context for an https endpoint.
     *
     * <ul>
     *   <li>With verification off: accepts any certificate for any host.</li>
     *   <li>Otherwise: the JDK's trust store, plus the extra CA certificates if any, with host names
     *       verified either way.</li>
     * </ul>
     *
     * @param insecureSkipVerify whether to accept any certificate
     * @param extraCas CA certificates trusted besides the JDK's
     * @throws GeneralSecurityException when the JDK has no TLS or the certificates cannot be used
     */
    static SSLContext context(boolean insecureSkipVerify, List<X509Certificate> extraCas) throws GeneralSecurityException {
        if (insecureSkipVerify) {
            return context(new TrustManager[] {new TrustingEverything()});
        }
        if (extraCas.isEmpty()) {
            return SSLContext.getDefault();
        }
        try {
            return context(new TrustManager[] {new EitherTrust(trustManager(null), trustManager(keyStore(extraCas)))});
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot hold the extra CA certificates: " + e.getMessage(), e);
        }
    }

    /** The extra CA certificates from the PEM file and the base64 value (PEM or DER), in that order. */
    static List<X509Certificate> extraCertificates(ExportConfig config) throws GeneralSecurityException, IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        if (config.caCertFile().isPresent()) {
            String file = config.caCertFile().get();
            certificates.addAll(certificates(Files.readAllBytes(Path.of(file)), "the CA certificate file " + file));
        }
        if (config.caCertBase64().isPresent()) {
            byte[] decoded;
            try {
                decoded = Base64.getMimeDecoder().decode(config.caCertBase64().get().strip().getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new CertificateException("LAMBDASCOPE_CA_CERT_B64 is not base64: " + e.getMessage());
            }
            certificates.addAll(certificates(decoded, "LAMBDASCOPE_CA_CERT_B64"));
        }
        return certificates;
    }

    private static List<X509Certificate> certificates(byte[] bytes, String source) throws CertificateException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        if (read.isEmpty()) {
            throw new CertificateException(source + " holds no certificate");
        }
        return read.stream().map(X509Certificate.class::cast).toList();
    }

    private static KeyStore keyStore(List<X509Certificate> certificates) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("lambdascope-ca-" + i, certificates.get(i));
        }
        return store;
    }

    /** The PKIX trust manager of a store; {@code null} for the JDK's own trust store. */
    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Stream.of(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], trust, null);
        return context;
    }

    /** The export client is never a TLS server, so client checks always fail. */
    private abstract static class ServerTrust extends X509ExtendedTrustManager {

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("the export client does not accept clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("the export client does not accept clients");
        }

        @Override
        public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the export client does not accept clients");
        }
    }

    /**
     * Trusts a server that either of two trust managers trusts. Both are extended trust managers, so
     * each verifies the host name as well as the chain.
     */
    private static final class EitherTrust extends ServerTrust {

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private final X509ExtendedTrustManager jdk;
        private final X509ExtendedTrustManager extra;

        EitherTrust(X509ExtendedTrustManager jdk, X509ExtendedTrustManager extra) {
            this.jdk = jdk;
            this.extra = extra;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(jdk);
            } catch (CertificateException notByTheJdk) {
                try {
                    check.run(extra);
                } catch (CertificateException notByTheExtra) {
                    notByTheExtra.addSuppressed(notByTheJdk);
                    throw notByTheExtra;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Stream.concat(Stream.of(jdk.getAcceptedIssuers()), Stream.of(extra.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }

    /**
     * Accepts every certificate for every host: LAMBDASCOPE_INSECURE_SKIP_VERIFY. Extended, so that
     * the JDK does not wrap it in a host name check of its own.
     */
    private static final class TrustingEverything extends ServerTrust {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
