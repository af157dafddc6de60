package io.lambdascope.extension.secret;

import io.lambdascope.extension.export.ExportCredentials;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * The export headers of {@code LAMBDASCOPE_EXPORT_HEADERS_SECRET}: read once when the extension
 * starts, in the background, then kept. They are read again only when the backend refuses them
 * (401, 403), at most once per {@link #REFUSAL_INTERVAL}, or, after a failed read, when an export
 * needs them and the retry delay (1 s, doubling up to a minute) has passed.
 *
 * <p>A failed read is logged once at WARNING, naming the secret and the AWS error, never the
 * value; the next success once at INFO. Until then exports send nothing and telemetry waits in the
 * buffer: sending it unauthenticated would only have it refused, or worse, accepted by the wrong
 * tenant. Thread-safe.
 */
public final class ExportSecret implements ExportCredentials {

    private static final System.Logger LOG = System.getLogger(ExportSecret.class.getName());

    /** Least time between reads caused by refused requests: a wrong credential must not hammer Secrets Manager. */
    static final Duration REFUSAL_INTERVAL = Duration.ofSeconds(60);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private final SecretReference reference;
    private final Supplier<SecretStore> stores;
    private final LongSupplier nanoTime;
    private final long firstRetryNanos;
    private final long refusalIntervalNanos;

    private SecretStore store;
    private Map<String, String> current;
    private CompletableFuture<Map<String, String>> reading;
    private long retryNanos;
    private long nextReadNanos;
    private long lastRefusalNanos;
    private boolean refusedBefore;
    private String problem;
    private String warned;

    /**
     * A secret not read yet.
     *
     * @param stores makes the store on the first read, so that even the SDK's client is made off the start-up path
     * @param firstRetry the wait after a first failed read, doubled after each further one up to {@link #MAX_RETRY}
     * @param refusalInterval least time between reads caused by refused requests
     */
    ExportSecret(SecretReference reference, Supplier<SecretStore> stores, LongSupplier nanoTime, Duration firstRetry,
                 Duration refusalInterval) {
        this.reference = reference;
        this.stores = stores;
        this.nanoTime = nanoTime;
        this.firstRetryNanos = firstRetry.toNanos();
        this.retryNanos = firstRetryNanos;
        this.refusalIntervalNanos = refusalInterval.toNanos();
        this.problem = "the export headers secret " + reference + " has not been read yet";
    }

    /**
     * The secret of a configuration, its first read started. The AWS SDK is loaded here, on the
     * reading thread, and only here.
     *
     * @param reference the variable's value
     * @param environment the process environment: credentials, region and endpoint overrides
     * @return the secret, being read; one whose reference cannot be parsed never has headers, so
     *         that nothing is sent unauthenticated, and says why once
     */
    public static ExportSecret start(String reference, Map<String, String> environment) {
        ExportSecret secret;
        try {
            secret = new ExportSecret(SecretReference.parse(reference), () -> new AwsSecretStore(environment), System::nanoTime,
                    FIRST_RETRY, REFUSAL_INTERVAL);
        } catch (SecretException e) {
            SecretStore refusing = unread -> {
                throw new SecretException("LAMBDASCOPE_EXPORT_HEADERS_SECRET cannot be used: " + e.getMessage());
            };
            secret = new ExportSecret(new SecretReference(SecretReference.Store.SECRETS_MANAGER, reference.strip(), Optional.empty(),
                    Optional.empty()), () -> refusing, System::nanoTime, MAX_RETRY, REFUSAL_INTERVAL);
        }
        secret.readInBackground();
        return secret;
    }

    /** Starts the first read without waiting for it. */
    void readInBackground() {
        synchronized (this) {
            if (reading == null) {
                reading = read();
            }
        }
    }

    @Override
    public Optional<Map<String, String>> headers(long deadlineNanos) {
        CompletableFuture<Map<String, String>> pending;
        synchronized (this) {
            if (current != null) {
                return Optional.of(current);
            }
            if (reading == null) {
                if (nanoTime.getAsLong() - nextReadNanos < 0) {
                    return Optional.empty();
                }
                reading = read();
            }
            pending = reading;
        }
        long wait = deadlineNanos - nanoTime.getAsLong();
        try {
            return Optional.of(pending.get(Math.max(wait, 0), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void refused(Map<String, String> sent) {
        synchronized (this) {
            long now = nanoTime.getAsLong();
            // Only the first refusal of these headers reads again: the others were sent with the same ones.
            if (current != sent || reading != null || (refusedBefore && now - lastRefusalNanos < refusalIntervalNanos)) {
                return;
            }
            refusedBefore = true;
            lastRefusalNanos = now;
            current = null;
            problem = "the backend refused the headers of " + reference + " and they are being read again";
            LOG.log(INFO, "the export backend refused the headers of {0}: reading the secret again", reference);
            reading = read();
        }
    }

    @Override
    public synchronized String problem() {
        return problem;
    }

    /** Reads on a thread of its own; called holding the lock. */
    private CompletableFuture<Map<String, String>> read() {
        CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
        Thread.ofVirtual().name("lambdascope-secret").start(() -> {
            long start = System.nanoTime();
            try {
                Map<String, String> headers = Map.copyOf(SecretValue.headers(reference, store().fetch(reference)));
                read(headers, System.nanoTime() - start);
                result.complete(headers);
            } catch (RuntimeException | LinkageError e) {
                failed(e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private synchronized SecretStore store() {
        if (store == null) {
            store = stores.get();
        }
        return store;
    }

    private void read(Map<String, String> headers, long tookNanos) {
        boolean recovered;
        synchronized (this) {
            current = headers;
            reading = null;
            retryNanos = firstRetryNanos;
            recovered = warned != null;
            warned = null;
            problem = "";
        }
        if (recovered) {
            LOG.log(INFO, "the export headers secret {0} was read: exports resume", reference);
        } else {
            LOG.log(DEBUG, () -> "export headers %s read from %s in %d ms"
                    .formatted(headers.keySet(), reference, TimeUnit.NANOSECONDS.toMillis(tookNanos)));
        }
    }

    private void failed(Throwable e) {
        // A SecretException's message is written to hold no value; any other is named by its type only.
        String message = e instanceof SecretException ? e.getMessage()
                : "the export headers secret " + reference + " cannot be read (" + e.getClass().getSimpleName() + ")";
        boolean first;
        synchronized (this) {
            reading = null;
            nextReadNanos = nanoTime.getAsLong() + retryNanos;
            retryNanos = Math.min(retryNanos * 2, MAX_RETRY.toNanos());
            problem = message + "; telemetry waits in the buffer";
            first = !message.equals(warned);
            warned = message;
        }
        if (first) {
            LOG.log(WARNING, message + "; no telemetry is exported until it can be read, and it waits in the buffer meanwhile");
        } else {
            LOG.log(DEBUG, message);
        }
    }

    /** The reference; never the value. */
    @Override
    public String toString() {
        return "ExportSecret[" + reference + "]";
    }
}
