package io.lambdascope.sandbox.telemetry;

import io.lambdascope.sandbox.http.BodyTooLargeException;
import io.lambdascope.sandbox.http.HttpExchange;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sandbox's Lambda Telemetry API: extensions subscribe, the lifecycle publishes platform
 * events and process output, and each subscriber receives its streams in batches, as in Lambda.
 *
 * <p>Events published before an extension subscribes (the init phase, mostly) are kept, up to
 * {@value #HISTORY_LIMIT}, and replayed to each extension's first subscription, because Lambda
 * delivers the init phase's events to extensions that subscribe during init.
 */
public final class TelemetryApi implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TelemetryApi.class.getName());

    /** Events kept for replay to a new subscriber. */
    public static final int HISTORY_LIMIT = 1_000;
    /** Largest subscription body read. */
    static final int MAX_SUBSCRIPTION_BYTES = 64 * 1024;

    private final InstantSource clock;
    private final LogFormat functionLogFormat;
    private final QueueLimits limits;
    private final HttpClient client;

    private final Object lock = new Object();
    private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    private final Map<String, DeliveryCounts> counts = new LinkedHashMap<>();
    private final ArrayDeque<QueuedEvent> history = new ArrayDeque<>();
    private boolean paused;
    private boolean closed;
    private volatile Optional<String> currentRequestId = Optional.empty();
    private int functionLinesToLose;

    /**
     * Parses a subscription, writes a batch and delivers it once, so that the first environment's
     * subscription and deliveries do not run through cold code; see {@code Sandbox}. The delivery
     * goes to {@code destination}, whatever answers there.
     */
    public static void warmUp(URI destination) throws IOException, InterruptedException {
        Subscription.parse(("{\"schemaVersion\":\"2022-12-13\",\"destination\":{\"protocol\":\"HTTP\","
                + "\"URI\":\"http://sandbox.localdomain:4243\"},\"types\":[\"platform\"],"
                + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":25}}").getBytes(StandardCharsets.UTF_8));
        byte[] batch = EventJson.batch(List.of(EventJson.event(
                PlatformEvents.initStart(Instant.EPOCH, "on-demand", "init", "", "", "", "", 128))));
        try (HttpClient client = deliveryClient()) {
            client.send(HttpRequest.newBuilder(destination).POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static HttpClient deliveryClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    /**
     * @param clock             stamps log lines and the events this API makes itself
     * @param functionLogFormat from {@code AWS_LAMBDA_LOG_FORMAT}: how log lines become records
     */
    public TelemetryApi(InstantSource clock, LogFormat functionLogFormat) {
        this(clock, functionLogFormat, QueueLimits.DEFAULT);
    }

    TelemetryApi(InstantSource clock, LogFormat functionLogFormat, QueueLimits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.functionLogFormat = Objects.requireNonNull(functionLogFormat, "functionLogFormat");
        this.limits = limits;
        this.client = deliveryClient();
    }

    /**
     * Handles {@code PUT /2022-07-01/telemetry} for an already identified extension: answers 200
     * and starts delivering, or answers 400 with Lambda's {@code {"errorMessage", "errorType"}}.
     */
    public void subscribe(HttpExchange exchange, String extensionName) {
        byte[] body;
        try {
            body = exchange.readBody(MAX_SUBSCRIPTION_BYTES);
        } catch (BodyTooLargeException e) {
            respondError(exchange, 400, InvalidSubscriptionException.INVALID_REQUEST_FORMAT,
                    "request body is larger than " + MAX_SUBSCRIPTION_BYTES + " bytes");
            return;
        }
        Subscription subscription;
        try {
            subscription = Subscription.parse(body);
        } catch (InvalidSubscriptionException e) {
            respondError(exchange, 400, e.errorType(), e.getMessage());
            return;
        }
        subscribe(extensionName, subscription);
        exchange.respond(200, "application/json", "\"OK\"".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Subscribes an extension, replacing its earlier subscription (whose queued events move over),
     * and publishes {@code platform.telemetrySubscription}.
     */
    public void subscribe(String extensionName, Subscription subscription) {
        TelemetryEvent subscribed = PlatformEvents.telemetrySubscription(clock.instant(), extensionName, "Subscribed",
                subscription.types());
        QueuedEvent queued = new QueuedEvent(subscribed.type(), EventJson.event(subscribed), System.nanoTime());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("telemetry API is closed");
            }
            Subscriber previous = subscribers.remove(extensionName);
            List<QueuedEvent> backlog = new ArrayList<>();
            if (previous != null) {
                backlog.addAll(previous.retire());
            } else {
                history.forEach(event -> backlog.add(event.requeued()));
            }
            // The subscription's own event is in the same backlog, so the first batch has it after
            // the replayed events, however late the new subscriber's thread first runs.
            record(queued, subscribed.stream());
            backlog.add(queued);
            backlog.removeIf(event -> !subscription.types().contains(stream(event.type())));
            DeliveryCounts extensionCounts = counts.computeIfAbsent(extensionName, name -> new DeliveryCounts());
            subscribers.put(extensionName, new Subscriber(extensionName, subscription, client, clock, limits,
                    extensionCounts, paused, backlog));
        }
        LOG.log(Level.DEBUG, "extension {0} subscribed to {1} at {2}", extensionName, subscription.types(),
                subscription.destination());
    }

    /** Queues an event for every subscriber of its stream (platform, function or extension). */
    public void publish(TelemetryEvent event) {
        QueuedEvent queued = new QueuedEvent(event.type(), EventJson.event(event), System.nanoTime());
        synchronized (lock) {
            if (!closed) {
                record(queued, event.stream());
            }
        }
    }

    /** Keeps an event for later subscribers and offers it to the current ones; under the lock. */
    private void record(QueuedEvent queued, String stream) {
        history.addLast(queued);
        if (history.size() > HISTORY_LIMIT) {
            history.removeFirst();
        }
        for (Subscriber subscriber : subscribers.values()) {
            if (subscriber.wants(stream)) {
                subscriber.offer(queued);
            }
        }
    }

    /** The request id log lines are attributed to in JSON records; empty between invocations. */
    public void currentRequestId(Optional<String> requestId) {
        currentRequestId = Objects.requireNonNull(requestId, "requestId");
    }

    /** One line the runtime wrote to stdout or stderr: a {@code function} event. */
    public void functionLine(String line) {
        publishLine("function", line);
    }

    /** One line an extension process wrote: an {@code extension} event. */
    public void extensionLine(String extensionName, String line) {
        publishLine("extension", line);
    }

    private void publishLine(String type, String line) {
        var time = clock.instant();
        TelemetryEvent event = new TelemetryEvent(time, type, LogRecords.record(functionLogFormat, line, time, currentRequestId));
        if (type.equals("function") && lose(event)) {
            return;
        }
        publish(event);
    }

    /**
     * The next {@code lines} function lines are lost the way Lambda loses what it cannot buffer:
     * no subscriber receives them, and each subscriber of the {@code platform} stream hears of
     * them in a {@code platform.logsDropped} event, as after a queue overflow.
     */
    public void loseFunctionLines(int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must not be negative: " + lines);
        }
        synchronized (lock) {
            functionLinesToLose += lines;
        }
    }

    /** Loses the event if lines are still to be lost; true when it was. */
    private boolean lose(TelemetryEvent event) {
        synchronized (lock) {
            if (functionLinesToLose == 0 || closed) {
                return false;
            }
            functionLinesToLose--;
            QueuedEvent queued = new QueuedEvent(event.type(), EventJson.event(event), System.nanoTime());
            for (Subscriber subscriber : subscribers.values()) {
                if (subscriber.wants(event.stream())) {
                    subscriber.lose(queued);
                }
            }
            return true;
        }
    }

    /** The environment is frozen: nothing is posted until {@link #resume()}. */
    public void pause() {
        setPaused(true);
    }

    /** The environment is thawed: batches that came due meanwhile go out now. */
    public void resume() {
        setPaused(false);
    }

    private void setPaused(boolean value) {
        synchronized (lock) {
            paused = value;
            subscribers.values().forEach(value ? Subscriber::pause : Subscriber::resume);
        }
    }

    /**
     * Posts everything queued now, without waiting for batch timeouts and even while paused, and
     * waits until it was delivered (or given up) or the timeout passed.
     */
    public void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Subscriber> all = subscribersNow();
        all.forEach(Subscriber::beginDrain);
        try {
            for (Subscriber subscriber : all) {
                if (!subscriber.awaitIdle(deadline)) {
                    LOG.log(Level.WARNING, "telemetry for extension {0} not fully delivered within {1} ms",
                            subscriber.extensionName(), timeout.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            all.forEach(Subscriber::endDrain);
        }
    }

    /** SHUTDOWN has been sent: listeners that stop answering from now on are not warned about. */
    public void shuttingDown() {
        subscribersNow().forEach(Subscriber::shuttingDown);
    }

    /**
     * The extension's process has ended: nothing more is posted to its listener, and what was
     * queued for it is gone with it, as on Lambda.
     */
    public void extensionExited(String extensionName) {
        Subscriber subscriber;
        synchronized (lock) {
            subscriber = subscribers.get(extensionName);
        }
        if (subscriber != null) {
            subscriber.retire();
        }
    }

    /** One report per subscribed extension, in subscription order. */
    public List<SubscriberReport> report() {
        return subscribersNow().stream().map(Subscriber::report).toList();
    }

    /** Stops every delivery at once; what is still queued is lost (drain first to keep it). */
    @Override
    public void close() {
        List<Subscriber> all;
        synchronized (lock) {
            closed = true;
            all = List.copyOf(subscribers.values());
        }
        all.forEach(Subscriber::close);
        client.shutdownNow();
    }

    private List<Subscriber> subscribersNow() {
        synchronized (lock) {
            return List.copyOf(subscribers.values());
        }
    }

    private static String stream(String type) {
        return type.startsWith("platform.") ? "platform" : type;
    }

    private static void respondError(HttpExchange exchange, int status, String errorType, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("errorMessage", message);
        error.put("errorType", errorType);
        byte[] body;
        try {
            body = EventJson.MAPPER.writeValueAsBytes(error);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
        exchange.respond(status, "application/json", body);
    }
}
