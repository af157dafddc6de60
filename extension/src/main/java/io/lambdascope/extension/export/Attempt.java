package io.lambdascope.extension.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLHandshakeException;

/**
 * What one export request came to, and so what the exporter does next.
 *
 * @param next what to do next
 * @param cause a short, stable name of a failure, for {@link FailureLog}: {@code "status 503"}, {@code "ConnectException"}
 * @param problem a one-line description, free of header values and payloads
 * @param retryAfter the server's {@code Retry-After}, if it sent one
 * @param partial what a 2xx answer said it rejected
 */
record Attempt(Next next, String cause, String problem, Optional<Duration> retryAfter, PartialSuccess partial) {

    /** What the exporter does after an attempt. */
    enum Next {
        /** Done: the backend has the data. */
        SENT,
        /** Done: the backend refused the data for good. */
        REJECTED,
        /** Try again after a backoff. */
        RETRY,
        /**
         * The connection broke under the request. A pooled connection the server closed while the
         * environment was frozen fails this way, so the first one is retried at once on a new connection.
         */
        RECONNECT,
        /** Give up this export call: retrying now cannot help (a certificate is not trusted, the call was interrupted). */
        STOP
    }

    /** The largest response body read; OTLP answers are tiny, anything bigger is not one. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    static Attempt of(Next next, String cause, String problem) {
        return new Attempt(next, cause, problem, Optional.empty(), PartialSuccess.NONE);
    }

    /**
     * Classifies an answer: 2xx is sent, 429, 502, 503 and 504 are retried, anything else rejected.
     *
     * @param signal the request's signal
     * @param response the answer; its body is read only for a 2xx
     * @param jsonRequest whether the request was OTLP/JSON, the answer's encoding when it does not say
     * @param where the request's address for messages, free of credentials and query
     * @param now the current time, for a {@code Retry-After} date
     */
    static Attempt answered(Signal signal, ExportConnection.Answer response, boolean jsonRequest, String where, Instant now) {
        int status = response.status();
        if (status / 100 == 2) {
            PartialSuccess partial;
            try {
                partial = PartialSuccess.read(signal, body(response), json(response, jsonRequest));
            } catch (IOException | RuntimeException e) {
                // The data arrived: a response we cannot read does not make it undelivered.
                return new Attempt(Next.SENT, "", where + " answered " + status + " with an unreadable body", Optional.empty(),
                        PartialSuccess.NONE);
            }
            return new Attempt(Next.SENT, "", where + " answered " + status, Optional.empty(), partial);
        }
        String problem = where + " answered " + status;
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            Optional<Duration> after = response.header("Retry-After").flatMap(v -> RetryPolicy.retryAfter(v, now));
            return new Attempt(Next.RETRY, "status " + status, problem + after.map(d -> " (retry after " + d.toMillis() + " ms)").orElse(""),
                    after, PartialSuccess.NONE);
        }
        return of(Next.REJECTED, "status " + status, problem);
    }

    /** Classifies a request that got no answer. */
    static Attempt failed(Throwable failure, String where) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String name = e.getClass().getSimpleName();
        String detail = name + (e.getMessage() == null ? "" : ": " + e.getMessage());
        // Not a switch on type: that spins a class at run time, at an environment's first failure.
        if (e instanceof SocketTimeoutException) {
            return of(Next.RETRY, "timeout", "cannot connect to " + where + " in time (" + detail + ")");
        }
        if (e instanceof ConnectException) {
            return of(Next.RETRY, name, "cannot connect to " + where + " (" + detail + ")");
        }
        if (e instanceof UnknownHostException) {
            return of(Next.RETRY, name, "cannot resolve the host of " + where);
        }
        if (e instanceof SSLHandshakeException && untrusted(e)) {
            return of(Next.STOP, "untrusted certificate", "the TLS certificate of " + where + " is not trusted (" + detail + ")");
        }
        if (e instanceof IOException) {
            return of(Next.RECONNECT, name, "the request to " + where + " failed (" + detail + ")");
        }
        return of(Next.STOP, name, "the request to " + where + " failed (" + detail + ")");
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof java.security.cert.CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    private static boolean json(ExportConnection.Answer response, boolean jsonRequest) {
        return response.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).contains("json")).orElse(jsonRequest);
    }

    private static byte[] body(ExportConnection.Answer response) throws IOException {
        byte[] body = response.body();
        boolean gzip = response.header("Content-Encoding").map(e -> e.strip().equalsIgnoreCase("gzip")).orElse(false);
        if (!gzip || body.length == 0) {
            return body;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readNBytes(MAX_RESPONSE_BYTES);
        }
    }
}
