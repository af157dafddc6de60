package io.lambdascope.sandbox.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request and its response. Used by a single thread, the connection's, while the handler runs.
 *
 * <p>A body the handler does not read is drained before the next request on the connection, or the
 * connection closes when the rest is larger than the drain limit. With {@code Expect:
 * 100-continue}, {@code 100 Continue} is sent when the handler first reads the body, so a handler
 * that answers without reading never makes the client send it.
 */
public interface HttpExchange {

    /** The request method, e.g. {@code GET}. */
    String method();

    /** The percent-decoded path without the query, e.g. {@code /2018-06-01/runtime/invocation/next}. */
    String path();

    /** The raw query after {@code ?}, or {@code ""}. */
    String query();

    /** The first value of a request header; the name is case-insensitive. */
    Optional<String> header(String name);

    /** Every value of a request header, in order; empty when absent. */
    List<String> headers(String name);

    /** Every request header, names lower-cased. */
    Map<String, List<String>> headers();

    /** Whether the request used {@code Transfer-Encoding: chunked}. */
    boolean chunked();

    /** The request body, de-chunked; EOF at its end. Closing it does not close the connection. */
    InputStream body();

    /**
     * Reads the whole body.
     *
     * @throws BodyTooLargeException when it is longer than {@code maxBytes}
     * @throws java.io.UncheckedIOException when the connection fails or the body is malformed
     */
    byte[] readBody(long maxBytes) throws BodyTooLargeException;

    /** The trailer fields of a chunked request, names lower-cased; complete once {@link #body()} hit EOF. */
    Map<String, List<String>> trailers();

    /** The peer's address. */
    InetSocketAddress remote();

    /** Answers with a {@code Content-Length} body; {@code contentType} may be {@code ""} for none. */
    void respond(int status, String contentType, byte[] body);

    /** Answers with extra headers and a {@code Content-Length} body. */
    void respond(int status, Map<String, String> headers, String contentType, byte[] body);

    /**
     * Starts a chunked response. Each {@code flush()} sends what was written so far; the caller
     * closes the stream to end the response (the server closes it if the handler returns first).
     */
    OutputStream respondChunked(int status, Map<String, String> headers, String contentType);

    /** Whether a response has been started. */
    boolean responded();

    /** Do not answer; close the connection without a response (fault injection). */
    void abort();
}
