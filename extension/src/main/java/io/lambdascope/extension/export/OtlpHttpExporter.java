package io.lambdascope.extension.export;

import com.google.protobuf.Message;
import io.lambdascope.extension.config.Compression;
import io.lambdascope.extension.config.ExportProtocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * OTLP/HTTP export ({@code http/protobuf} or {@code http/json}) over kept-alive HTTP/1.1
 * connections ({@link ExportConnection}), with optional gzip, configured headers, a timeout per
 * request, and retries within the caller's deadline.
 *
 * <p>Retried: 429, 502, 503, 504 and failures to connect or to get an answer, after a jittered
 * exponential backoff that waits at least the server's {@code Retry-After}. No attempt or backoff
 * starts that could not end by the deadline, and each attempt's timeout is cut to the time left.
 * A connection that breaks under a request is retried once at once on a new connection: Lambda
 * freezes the process between invocations, and a pooled connection the server closed meanwhile
 * only shows it when used. Every other answer rejects the request for good.
 *
 * <p>Fetched headers ({@link ExportCredentials}) are merged over the configured ones. While there
 * are none, nothing is sent and the export fails as retryable, so the data waits in the buffer. A
 * 401 or 403 has them fetched again once, and the request is sent again at once when they changed.
 *
 * <p>Thread-safe. Header values never reach a log line, a result or {@link #toString()}.
 */
public final class OtlpHttpExporter implements Exporter {

    private static final System.Logger LOG = System.getLogger(OtlpHttpExporter.class.getName());

    /** Content type of {@code http/protobuf}. */
    public static final String PROTOBUF = "application/x-protobuf";
    /** Content type of {@code http/json}. */
    public static final String JSON = "application/json";

    private static final String USER_AGENT = "lambdascope-extension";
    /** Idle connections kept: one for each signal, exported side by side. */
    private static final int MAX_IDLE = Signal.values().length;

    private final ExportEndpoint endpoint;
    private final boolean json;
    private final boolean gzip;
    private final long timeoutNanos;
    private final ExportHeaders headers;
    private final Map<String, String> configuredHeaders;
    private final ExportCredentials credentials;
    /** The configured headers merged with the fetched ones they were last made from. */
    private volatile Merged merged;
    private final Supplier<SSLContext> tlsContext;
    private final RetryPolicy policy;
    private final Clock clock;
    private final FailureLog failures;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Idle connections, the last used first: after a freeze, the older ones are the likelier to be stale. */
    private final Deque<ExportConnection> idle = new ArrayDeque<>();
    /** Connections carrying a request, which {@link #close()} ends. */
    private final Set<ExportConnection> busy = new HashSet<>();
    private SSLSocketFactory tls;
    private volatile boolean closed;

    /**
     * An exporter; it makes no connection until the first export.
     *
     * @param endpoint the OTLP/HTTP base URL, {@code http} or {@code https}; signal paths are appended to its path
     * @param protocol {@code http/protobuf} or {@code http/json}
     * @param compression of request bodies
     * @param headers sent with every request
     * @param credentials fetched headers, merged over {@code headers}; {@link ExportCredentials#NONE} for none
     * @param timeout of one request
     * @param tlsContext makes the TLS context of an https endpoint (see {@link ExportTls}) when the first
     *                   request needs it: it reads the JDK's trusted CAs, which has no place on the start-up
     *                   path. Not used for http.
     * @param policy when to retry
     */
    OtlpHttpExporter(URI endpoint, ExportProtocol protocol, Compression compression, Map<String, String> headers,
                     ExportCredentials credentials, Duration timeout, Supplier<SSLContext> tlsContext, RetryPolicy policy) {
        this.endpoint = new ExportEndpoint(endpoint);
        this.json = protocol == ExportProtocol.HTTP_JSON;
        this.gzip = compression == Compression.GZIP;
        this.timeoutNanos = timeout.toNanos();
        this.headers = ExportHeaders.of(headers);
        this.configuredHeaders = headers;
        this.credentials = credentials;
        this.tlsContext = tlsContext;
        this.policy = policy;
        this.clock = Clock.systemUTC();
        this.failures = new FailureLog(LOG, System::nanoTime);
    }

    /** A connection for one request, idle or new; empty once closed. */
    private synchronized Optional<ExportConnection> take() {
        if (closed) {
            return Optional.empty();
        }
        ExportConnection connection = idle.pollFirst();
        if (connection == null) {
            if (endpoint.https() && tls == null) {
                tls = tlsContext.get().getSocketFactory();
            }
            connection = new ExportConnection(endpoint, tls);
        }
        busy.add(connection);
        return Optional.of(connection);
    }

    /** Takes a connection back after its request: kept while it can carry another, closed otherwise. */
    private synchronized void release(ExportConnection connection) {
        busy.remove(connection);
        if (connection.reusable() && !closed && idle.size() < MAX_IDLE) {
            idle.addFirst(connection);
        } else {
            connection.close();
        }
    }

    /** Closes the idle connections, so that a retry opens a new one instead of taking another stale one. */
    private synchronized void reconnect() {
        idle.forEach(ExportConnection::close);
        idle.clear();
    }

    @Override
    public ExportResult export(Signal signal, Message request, long deadlineNanos) {
        try {
            return send(signal, request, deadlineNanos);
        } catch (RuntimeException e) {
            String problem = "export of " + signal.text() + " failed: " + e;
            failures.failure(e.getClass().getSimpleName(), () -> problem);
            return new ExportResult(ExportResult.Outcome.FAILED, 0, 0, 0, Optional.of(problem));
        }
    }

    private ExportResult send(Signal signal, Message request, long deadlineNanos) {
        long minAttempt = policy.minAttempt().toNanos();
        if (deadlineNanos - System.nanoTime() < minAttempt) {
            return new ExportResult(ExportResult.Outcome.FAILED, 0, 0, 0, Optional.of("no time left for an export to " + endpoint.shown(signal)));
        }
        byte[] body = body(request);
        int attempts = 0;
        int retries = 0;
        long bytes = 0;
        boolean reconnected = false;
        boolean refetched = false;
        Attempt last = null;
        while (true) {
            // Checked again here: encoding a large request, or a late wake-up from a backoff, takes time too.
            long left = deadlineNanos - System.nanoTime();
            if (left < minAttempt) {
                return last == null
                        ? new ExportResult(ExportResult.Outcome.FAILED, 0, 0, 0, Optional.of("no time left for an export to " + endpoint.shown(signal)))
                        : finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "; no time left for a retry");
            }
            if (closed) {
                return new ExportResult(ExportResult.Outcome.FAILED, attempts, bytes, 0, Optional.of("the exporter is closed"));
            }
            Optional<Merged> sending = headers(deadlineNanos);
            if (sending.isEmpty()) {
                String problem = "nothing sent to " + endpoint.shown(signal) + ": " + credentials.problem();
                return new ExportResult(ExportResult.Outcome.FAILED, attempts, bytes, 0, Optional.of(problem));
            }
            attempts++;
            bytes += body.length;
            last = attempt(signal, request(signal, body, sending.get().headers()), Math.min(timeoutNanos, left));
            int made = attempts;
            Attempt failed = last;
            LOG.log(DEBUG, () -> "%s export attempt %d: %s".formatted(signal.text(), made, failed.problem()));
            if (closed) {
                return finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "; the exporter was closed");
            }
            switch (last.next()) {
                case SENT -> {
                    return finish(signal, ExportResult.Outcome.SENT, attempts, bytes, last, "");
                }
                case REJECTED -> {
                    if (refetched || credentials == ExportCredentials.NONE || !unauthorized(last)) {
                        return finish(signal, ExportResult.Outcome.REJECTED, attempts, bytes, last, "");
                    }
                    // The fetched headers may have been rotated since they were read: read them again, and
                    // send again at once if they changed.
                    refetched = true;
                    Map<String, String> sent = sending.get().fetched();
                    credentials.refused(sent);
                    Optional<Map<String, String>> renewed = credentials.headers(deadlineNanos);
                    if (renewed.isEmpty()) {
                        return finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "; " + credentials.problem());
                    }
                    if (renewed.get().equals(sent)) {
                        return finish(signal, ExportResult.Outcome.REJECTED, attempts, bytes, last, "");
                    }
                }
                case STOP -> {
                    return finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "");
                }
                case RECONNECT, RETRY -> {
                    if (attempts >= policy.maxAttempts()) {
                        return finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "");
                    }
                    long wait = 0;
                    if (last.next() == Attempt.Next.RECONNECT && !reconnected) {
                        reconnected = true;
                        reconnect();
                    } else {
                        retries++;
                        wait = policy.backoffNanos(retries, last.retryAfter(), ThreadLocalRandom.current().nextDouble());
                    }
                    if (deadlineNanos - System.nanoTime() - wait < minAttempt) {
                        return finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "; no time left for a retry");
                    }
                    if (wait > 0 && !pause(wait)) {
                        return finish(signal, ExportResult.Outcome.FAILED, attempts, bytes, last, "; the exporter was closed or interrupted");
                    }
                }
            }
        }
    }

    /** The headers to send, or empty while the fetched ones cannot be had. */
    private Optional<Merged> headers(long deadlineNanos) {
        if (credentials == ExportCredentials.NONE) {
            return Optional.of(new Merged(Map.of(), headers));
        }
        Optional<Map<String, String>> fetched = credentials.headers(deadlineNanos);
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        Merged known = merged;
        if (known == null || known.fetched() != fetched.get()) {
            known = new Merged(fetched.get(), ExportHeaders.of(ExportHeaders.merge(configuredHeaders, fetched.get())));
            merged = known;
        }
        return Optional.of(known);
    }

    private static boolean unauthorized(Attempt attempt) {
        return attempt.cause().equals("status 401") || attempt.cause().equals("status 403");
    }

    /** A request's bytes: head and body. */
    private byte[] request(Signal signal, byte[] body, ExportHeaders headers) {
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(endpoint.target(signal)).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint.hostHeader()).append("\r\n")
                .append("Content-Type: ").append(json ? JSON : PROTOBUF).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (gzip) {
            head.append("Content-Encoding: gzip\r\n");
        }
        if (!headers.has("User-Agent")) {
            head.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        headers.appendTo(head);
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[start.length + body.length];
        System.arraycopy(start, 0, request, 0, start.length);
        System.arraycopy(body, 0, request, start.length, body.length);
        return request;
    }

    /**
     * One request, abandoned when it has not been answered within {@code timeoutNanos}.
     *
     * <p>It runs on a thread of its own while this one waits with the timeout: a blocking socket
     * has no write timeout, and a host name's lookup none at all. Closing the connection ends the
     * request. The thread lives for the request only, so none idles between exports for every thaw
     * to wake.
     */
    private Attempt attempt(Signal signal, byte[] request, long timeoutNanos) {
        String at = endpoint.shown(signal);
        Optional<ExportConnection> taken = take();
        if (taken.isEmpty()) {
            return Attempt.of(Attempt.Next.STOP, "closed", "the exporter was closed");
        }
        ExportConnection connection = taken.get();
        CompletableFuture<ExportConnection.Answer> answer = new CompletableFuture<>();
        int connectMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        try {
            Thread.ofPlatform().daemon().name("lambdascope-export-request").start(() -> {
                try {
                    answer.complete(connection.exchange(request, connectMillis));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            return Attempt.answered(signal, answer.get(timeoutNanos, TimeUnit.NANOSECONDS), json, at, clock.instant());
        } catch (TimeoutException e) {
            // Closed, so that a late answer cannot hold the connection.
            connection.close();
            return Attempt.of(Attempt.Next.RETRY, "timeout", "no answer from " + at + " within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } catch (ExecutionException e) {
            return Attempt.failed(e.getCause() == null ? e : e.getCause(), at);
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            return Attempt.of(Attempt.Next.STOP, "interrupted", "the export to " + at + " was interrupted");
        } catch (RuntimeException | OutOfMemoryError e) {
            // No thread could be started for the request.
            connection.close();
            return Attempt.failed(e, at);
        } finally {
            release(connection);
        }
    }

    /** Waits out a backoff; false when the exporter closed or the thread was interrupted meanwhile. */
    private boolean pause(long nanos) {
        try {
            return !closing.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ExportResult finish(Signal signal, ExportResult.Outcome outcome, int attempts, long bytes, Attempt last, String suffix) {
        String problem = last.problem() + suffix;
        switch (outcome) {
            case SENT -> {
                failures.success(() -> "export to " + endpoint + " works again");
                if (last.partial().rejected() > 0) {
                    long rejected = last.partial().rejected();
                    failures.failure("partial success " + signal.text(), () -> "%s accepted a %s request only in part: %d rejected"
                            .formatted(endpoint.shown(signal), signal.text(), rejected));
                    LOG.log(DEBUG, () -> "%s partial success: %s".formatted(signal.text(), printable(last.partial().message())));
                    return new ExportResult(outcome, attempts, bytes, rejected,
                            Optional.of(rejected + " " + signal.text() + " items rejected by " + endpoint.shown(signal)));
                }
                return new ExportResult(outcome, attempts, bytes, 0, Optional.empty());
            }
            case REJECTED -> failures.failure(last.cause(), () -> "%s export refused: %s; the request is dropped"
                    .formatted(signal.text(), problem));
            case FAILED -> failures.failure(last.cause(), () -> "%s export failed after %d attempt%s: %s"
                    .formatted(signal.text(), attempts, attempts == 1 ? "" : "s", problem));
        }
        return new ExportResult(outcome, attempts, bytes, 0, Optional.of(problem));
    }

    /** The backend's own words, cut short and kept on one line. */
    private static String printable(String message) {
        String line = message.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private byte[] body(Message request) {
        byte[] raw = json ? OtlpJson.encode(request) : request.toByteArray();
        if (!gzip) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
            zip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Stops retries in progress, abandons requests in flight, and refuses further exports. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(ExportConnection::close);
            idle.clear();
            busy.forEach(ExportConnection::close);
        }
        closing.countDown();
    }

    /** Headers to send, and the fetched ones they were made from (compared by identity). */
    private record Merged(Map<String, String> fetched, ExportHeaders headers) {
    }

    /** The endpoint, protocol, compression and header names; never header values. */
    @Override
    public String toString() {
        return "OtlpHttpExporter[endpoint=%s, protocol=%s, compression=%s, headers=%s]"
                .formatted(endpoint, json ? "http/json" : "http/protobuf", gzip ? "gzip" : "none", headers);
    }
}
