package io.lambdascope.extension.tags;

import io.lambdascope.extension.aws.AwsClient;
import io.lambdascope.extension.aws.AwsException;

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
import static java.lang.System.Logger.Level.WARNING;

/**
 * The function's tags ({@code LAMBDASCOPE_TAGS}): fetched once, in the background, when the
 * extension starts, then kept for the environment's life (a function's tags change only with a
 * deployment's new environments, in practice).
 *
 * <p>Until they are in, exports wait for them, so that every request's resource is complete: the
 * same telemetry never goes out once without tags and once with them. The wait is bounded: exports
 * give up on the tags once they have waited for them longer than the bound in all (time spent
 * frozen between invocations does not count, because the wait is measured in short slices). A
 * fetch that fails (access denied, no credentials, a timeout) or that the exports gave up on is
 * logged once at WARNING, naming the error code and the permission, and telemetry is exported
 * without tags from then on. Thread-safe.
 */
public final class FunctionTags implements ResourceTags {

    private static final System.Logger LOG = System.getLogger(FunctionTags.class.getName());
    /** The longest single wait; a freeze during one counts for no more than this. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Supplier<Map<String, String>> source;
    private final LongSupplier nanoTime;
    private final long boundNanos;
    private final CompletableFuture<Map<String, String>> fetched = new CompletableFuture<>();
    private long waitedNanos;

    /**
     * Tags not fetched yet.
     *
     * @param source reads them; throws {@link AwsException} when a call fails
     * @param bound how long exports wait for them in all before going out without
     */
    FunctionTags(Supplier<Map<String, String>> source, LongSupplier nanoTime, Duration bound) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.boundNanos = bound.toNanos();
    }

    /**
     * The tags of the function this environment runs, their fetch started. {@link AwsClient},
     * and with it the AWS SDK, is loaded on the fetching thread, never on the caller's.
     *
     * @param environment the process environment: region, function name, credentials, endpoint overrides
     * @param account the account id of the register answer, when Lambda gave it
     * @param bound how long exports wait for the tags in all
     * @return the tags, being fetched; none at all when the environment does not name the function
     */
    public static ResourceTags start(Map<String, String> environment, Optional<String> account, Duration bound) {
        Optional<String> region = variable(environment, "AWS_REGION");
        Optional<String> name = variable(environment, "AWS_LAMBDA_FUNCTION_NAME");
        if (region.isEmpty() || name.isEmpty()) {
            LOG.log(WARNING, "LAMBDASCOPE_TAGS is true but AWS_REGION or AWS_LAMBDA_FUNCTION_NAME is not set: telemetry is exported without tags");
            return NONE;
        }
        FunctionTags tags = new FunctionTags(
                () -> new LambdaTags(new AwsClient(environment), region.get(), account, name.get()).fetch(), System::nanoTime, bound);
        tags.fetchInBackground();
        return tags;
    }

    /** Starts the fetch without waiting for it. */
    void fetchInBackground() {
        Thread.ofVirtual().name("lambdascope-tags").start(() -> {
            long start = System.nanoTime();
            try {
                Map<String, String> tags = Map.copyOf(source.get());
                if (fetched(tags)) {
                    LOG.log(DEBUG, () -> "%d function tags read in %d ms"
                            .formatted(tags.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
                }
            } catch (AwsException e) {
                giveUp(e.getMessage() + "; the function's role needs " + e.operation());
            } catch (RuntimeException | LinkageError e) {
                giveUp("the tags cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        });
    }

    @Override
    public Optional<Map<String, String>> await(long deadlineNanos) {
        while (true) {
            if (fetched.isDone()) {
                return Optional.of(fetched.join());
            }
            long slice;
            synchronized (this) {
                slice = Math.min(SLICE_NANOS, boundNanos - waitedNanos);
            }
            if (slice <= 0) {
                giveUp("the tags were not read within " + TimeUnit.NANOSECONDS.toMillis(boundNanos)
                        + " ms (Timeout); the function's role needs " + LambdaTags.LIST_TAGS);
                continue;
            }
            long now = nanoTime.getAsLong();
            slice = Math.min(slice, deadlineNanos - now);
            if (slice <= 0) {
                return Optional.empty();
            }
            try {
                fetched.get(slice, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                long waited = Math.min(nanoTime.getAsLong() - now, slice);
                synchronized (this) {
                    waitedNanos += waited;
                }
            } catch (ExecutionException e) {
                // Never completed exceptionally: a failure completes it with no tags.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** No tags from now on; the first reason given is logged, once. */
    private synchronized void giveUp(String reason) {
        // Logged before the waiting exports go on, so that the warning comes before what they send.
        if (!fetched.isDone()) {
            LOG.log(WARNING, "LAMBDASCOPE_TAGS: " + reason + "; telemetry is exported without the function's tags");
            fetched.complete(Map.of());
        }
    }

    private synchronized boolean fetched(Map<String, String> tags) {
        return fetched.complete(tags);
    }
}
