package io.lambdascope.extension.telemetry;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The destination of the Telemetry API subscription. The handler only checks the body and queues
 * it, so that answering Lambda never waits on conversion or export; a consumer thread parses the
 * batch and feeds the {@link TelemetrySink}.
 *
 * <p>Answers: 200 when the batch is queued; 400 when the body is not a JSON array (the same bytes
 * sent again would fail again); 503 when the queue is full. A full queue means the consumer is
 * behind, the case Lambda's documentation covers: it keeps events in its own buffer, bounded by the
 * subscription's {@code maxBytes}, and when a consumer is slower than the event rate it drops them
 * and says so with a {@code platform.logsDropped} event, which becomes a dropped-items count. An
 * error answer leaves the batch to that accounted path; 200 would drop it here without a trace.
 */
public final class TelemetryListener implements AutoCloseable {

    /** Batches waiting for the consumer; with Lambda's 256 KiB batches this bounds them to 4 MiB. */
    static final int QUEUE_CAPACITY = 16;

    private static final System.Logger LOG = System.getLogger(TelemetryListener.class.getName());

    private final TelemetrySink sink;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final LongAdder accepted = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder skippedEvents = new LongAdder();
    private final Thread consumer;

    /**
     * A listener feeding the given sink; its consumer thread starts at once.
     *
     * @param sink where parsed batches go
     */
    public TelemetryListener(TelemetrySink sink) {
        this.sink = sink;
        this.consumer = Thread.ofPlatform().name("lambdascope-telemetry").daemon().start(this::consume);
    }

    /**
     * Adds the listener's route to a socket's routing: every POST, whatever the path, is a batch.
     *
     * @param routing the routing of the telemetry socket
     */
    public void routing(HttpRouting.Builder routing) {
        routing.post(this::handle);
    }

    /** Batches queued for the sink. */
    public long accepted() {
        return accepted.sum();
    }

    /** Bodies answered with 400. */
    public long malformed() {
        return malformed.sum();
    }

    /** Batches answered with 503 because the queue was full. */
    public long rejected() {
        return rejected.sum();
    }

    /** Array elements that were not {@code {time, type, record}} events. */
    public long skippedEvents() {
        return skippedEvents.sum();
    }

    private void handle(ServerRequest request, ServerResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readAllBytes();
        }
        if (!TelemetryBatch.wellFormed(body)) {
            malformed.increment();
            sink.refused("malformed", 1);
            LOG.log(System.Logger.Level.DEBUG, () -> "telemetry body of %d bytes is not a JSON array".formatted(body.length));
            response.status(Status.BAD_REQUEST_400).send();
        } else if (!queue.offer(body)) {
            rejected.increment();
            sink.refused("queue_full", 1);
            response.status(Status.SERVICE_UNAVAILABLE_503).send();
        } else {
            accepted.increment();
            response.status(Status.OK_200).send();
        }
    }

    private void consume() {
        try {
            while (true) {
                deliver(queue.take());
            }
        } catch (InterruptedException e) {
            // Closing: what was accepted is still delivered.
            for (byte[] body = queue.poll(); body != null; body = queue.poll()) {
                deliver(body);
            }
        }
    }

    private void deliver(byte[] body) {
        try {
            TelemetryBatch.Parsed batch = TelemetryBatch.parse(body);
            skippedEvents.add(batch.skipped());
            if (batch.skipped() > 0) {
                sink.refused("invalid_event", batch.skipped());
            }
            if (!batch.events().isEmpty()) {
                sink.accept(batch.events());
            }
        } catch (IOException | RuntimeException e) {
            // The sink's failure must not stop the consumer: the next batch may well be fine.
            LOG.log(System.Logger.Level.WARNING, "a telemetry batch was lost: " + e, e);
        }
    }

    /** Delivers what is queued and stops the consumer; waits at most the given time. */
    public void close(long timeoutMillis) {
        consumer.interrupt();
        try {
            consumer.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(1));
    }
}
