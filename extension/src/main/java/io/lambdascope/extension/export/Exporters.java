package io.lambdascope.extension.export;

import io.lambdascope.extension.config.ExportConfig;
import io.lambdascope.extension.config.ExportProtocol;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

import static java.lang.System.Logger.Level.WARNING;

/** Chooses and builds the exporter the configuration asks for. */
public final class Exporters {

    private static final System.Logger LOG = System.getLogger(Exporters.class.getName());

    private Exporters() {
    }

    /**
     * The exporter for a configuration: OTLP/HTTP to the endpoint when one is set, otherwise OTLP/JSON
     * lines on standard output. Never fails: a setting that cannot be used is logged at WARNING and
     * the nearest working choice is made, because observability settings must not break the function.
     * {@code grpc} is not supported yet and falls back to {@code http/protobuf}; an extra CA that
     * cannot be read leaves the JDK's trust store alone in use.
     *
     * @param config the export settings
     * @param stdout the extension's standard output, for the log destination
     * @return the exporter; the caller closes it
     */
    public static Exporter from(ExportConfig config, PrintStream stdout) {
        return from(config, ExportCredentials.NONE, stdout);
    }

    /**
     * The exporter for a configuration, with headers fetched at run time merged over the configured
     * ones; see {@link #from(ExportConfig, PrintStream)}. Without an endpoint there is nothing to
     * authenticate, and the credentials are not used.
     *
     * @param config the export settings
     * @param credentials fetched headers, such as those of {@code LAMBDASCOPE_EXPORT_HEADERS_SECRET}
     * @param stdout the extension's standard output, for the log destination
     * @return the exporter; the caller closes it
     */
    public static Exporter from(ExportConfig config, ExportCredentials credentials, PrintStream stdout) {
        if (config.endpoint().isEmpty()) {
            if (config.headersSecret().isPresent()) {
                LOG.log(WARNING, "LAMBDASCOPE_EXPORT_HEADERS_SECRET is not read: without LAMBDASCOPE_EXPORT_ENDPOINT there is nothing to send headers to");
            }
            return new StdoutExporter(stdout);
        }
        URI endpoint = config.endpoint().get();
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
            LOG.log(WARNING, "LAMBDASCOPE_EXPORT_ENDPOINT must be an http or https URL with a host: telemetry is written to the log instead");
            return new StdoutExporter(stdout);
        }
        ExportProtocol protocol = config.protocol();
        if (protocol == ExportProtocol.GRPC) {
            LOG.log(WARNING, "LAMBDASCOPE_EXPORT_PROTOCOL grpc is not supported yet: exporting with http/protobuf to the same endpoint");
            protocol = ExportProtocol.HTTP_PROTOBUF;
        }
        boolean https = scheme.equals("https");
        // The extra CA is read now, so that a mistake shows at start; the context is made by the first
        // request, because it reads the JDK's whole trust store. Plain http makes none.
        List<X509Certificate> extraCas = https && !config.insecureSkipVerify() ? extraCas(config) : List.of();
        Supplier<SSLContext> tls = () -> {
            try {
                return ExportTls.context(config.insecureSkipVerify(), extraCas);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no TLS context for the export endpoint: " + e.getMessage(), e);
            }
        };
        return new OtlpHttpExporter(endpoint, protocol, config.compression(), config.headers(), credentials, config.timeout(),
                tls, RetryPolicy.DEFAULT);
    }

    private static List<X509Certificate> extraCas(ExportConfig config) {
        try {
            return ExportTls.extraCertificates(config);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            LOG.log(WARNING, "the extra CA certificate cannot be used, only the JDK's trusted CAs are: " + e.getMessage());
            return List.of();
        }
    }
}
