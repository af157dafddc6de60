package io.lambdascope.extension.receive;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.ContentEncodingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Request bodies sent with {@code Content-Encoding: gzip}, as OpenTelemetry SDKs send them by
 * default or by one setting, decoded by the server with {@code java.util.zip}. (Helidon's own gzip
 * module is not on Maven Central for this version.) Responses are never compressed: they are a
 * few bytes.
 */
final class GzipDecoding implements ContentEncoding {

    /**
     * The receiver socket's encodings: identity, and gzip for requests. Nothing is looked up on the
     * class path: Helidon's discovery reads every jar's service files, about 5 ms of CPU while the
     * function initialises, to find no other encoding. Built once, by whichever thread asks first:
     * building it sets up Helidon's configuration, about 10 ms of CPU at a cold start.
     */
    private static final ContentEncodingContext CONTEXT = ContentEncodingContext.builder()
            .contentEncodingsDiscoverServices(false)
            .addContentEncoding(new GzipDecoding())
            .build();

    static ContentEncodingContext context() {
        return CONTEXT;
    }

    @Override
    public Set<String> ids() {
        return Set.of("gzip", "x-gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return Gunzip.INSTANCE;
    }

    /**
     * A class rather than a lambda: Helidon asks for the decoder as the receivers start, and the
     * AOT cache does not hold this lambda's class, which was then spun on the start-up path.
     */
    private static final class Gunzip implements ContentDecoder {

        static final Gunzip INSTANCE = new Gunzip();

        @Override
        public InputStream apply(InputStream in) {
            try {
                return new GZIPInputStream(in);
            } catch (IOException e) {
                throw new UncheckedIOException("the body is not gzip", e);
            }
        }
    }

    @Override
    public ContentEncoder encoder() {
        return ContentEncoder.NO_OP;
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public String type() {
        return "gzip";
    }
}
