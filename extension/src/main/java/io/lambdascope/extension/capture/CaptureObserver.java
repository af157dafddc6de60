package io.lambdascope.extension.capture;

import io.lambdascope.extension.http.HttpHead;
import io.lambdascope.extension.metrics.Attributes;
import io.lambdascope.extension.metrics.Counter;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.lambdascope.extension.proxy.Exchange;
import io.lambdascope.extension.proxy.ExchangeObserver;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BiConsumer;

/**
 * Capture's side of the proxy: it keeps a copy of each event and answer, and turns them into the
 * invocation's span on a thread of its own, so that the proxy's connection is free for the
 * runtime's next request at once. Nothing here can fail an invocation: what cannot be captured is
 * counted in {@code lambdascope.capture.skipped{reason}} and the invocation went through untouched.
 */
public final class CaptureObserver implements ExchangeObserver {

    private static final System.Logger LOG = System.getLogger(CaptureObserver.class.getName());
    /** Lambda's largest synchronous payload, and room for the framing of a streamed one's prelude. */
    static final int EVENT_MAX_BYTES = 6 * 1024 * 1024 + 64 * 1024;
    /** An /error body is a small JSON document; past this its stack trace is cut. */
    static final int ERROR_MAX_BYTES = 64 * 1024;
    /**
     * Every HTTP event (API Gateway, ALB, function URL) has a {@code requestContext}: the answer to
     * an event without one is not copied.
     */
    private static final byte[] HTTP_MARK = "\"requestContext\"".getBytes(StandardCharsets.US_ASCII);
    /** Work waiting for the capture thread; past it invocations go uncaptured rather than wait. */
    static final int QUEUE = 64;

    private final EventCapture capture;
    private final CapturedInvocations invocations;
    private final BiConsumer<String, Optional<String>> started;
    private final Runnable runtimeIdle;
    private final Counter skipped;
    private final BlockingQueue<Runnable> work = new ArrayBlockingQueue<>(QUEUE);

    /**
     * @param started told of each invocation as its event goes to the runtime, with Lambda's
     *                X-Ray header: the moment the function's own telemetry of it may begin
     * @param runtimeIdle run as the runtime asks for its next event, before the request goes on:
     *                    the one moment it has nothing in flight
     */
    public CaptureObserver(EventCapture capture, CapturedInvocations invocations, BiConsumer<String, Optional<String>> started,
                           Runnable runtimeIdle, MetricRegistry metrics) {
        this.capture = capture;
        this.invocations = invocations;
        this.started = started;
        this.runtimeIdle = runtimeIdle;
        this.skipped = metrics.counter("lambdascope.capture.skipped", "{invocation}",
                "Invocations the Runtime API proxy relayed without capturing them, by reason");
        Thread.ofPlatform().name("lambdascope-capture").daemon().start(this::work);
        work.offer(this::warmUp);
    }

    /**
     * Reads one event of each family during init, off every request path, so that reading the
     * first invocation's event does not pay for loading the classes.
     */
    private void warmUp() {
        for (String event : List.of(
                "{\"version\":\"2.0\",\"routeKey\":\"GET /\",\"rawPath\":\"/\",\"headers\":{},\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/\"}}}",
                "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"messageId\":\"m\",\"body\":\"\",\"attributes\":{},\"messageAttributes\":{},\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:q\"}]}")) {
            capture.event(event.getBytes(StandardCharsets.UTF_8), "warm-up");
        }
    }

    /**
     * The answer unless the invocation's span does not read it (only HTTP triggers record the
     * answer's status, headers and body), so that other answers are not copied at all; the body of
     * an {@code /error}.
     */
    @Override
    public int keepRequest(HttpHead request) {
        Exchange.Kind kind = Exchange.kindOf(request);
        if (kind == Exchange.Kind.NEXT) {
            invocations.proxied();
            runtimeIdle.run();
            return 0;
        }
        if (kind != Exchange.Kind.RESPONSE && kind != Exchange.Kind.ERROR) {
            return 0;
        }
        Optional<String> requestId = Exchange.requestIdOf(request);
        requestId.ifPresent(invocations::answering);
        if (kind == Exchange.Kind.ERROR) {
            return ERROR_MAX_BYTES;
        }
        return requestId.filter(invocations::readsAnswer).isPresent() ? EVENT_MAX_BYTES : 0;
    }

    /** The event of every invocation, which from now on is being read. */
    @Override
    public int keepAnswer(HttpHead request, HttpHead answer) {
        if (Exchange.kindOf(request) != Exchange.Kind.NEXT || answer.status() / 100 != 2) {
            return 0;
        }
        answer.header("Lambda-Runtime-Aws-Request-Id").ifPresent(requestId -> {
            invocations.relaying(requestId);
            started.accept(requestId, answer.header("Lambda-Runtime-Trace-Id"));
        });
        return EVENT_MAX_BYTES;
    }

    @Override
    public void exchanged(Exchange exchange) {
        Optional<String> requestId = exchange.requestId();
        if (requestId.isEmpty()) {
            return;
        }
        String id = requestId.get();
        if (exchange.response().status() / 100 != 2) {
            invocations.notAnswered(id);
            return;
        }
        if (exchange.kind() == Exchange.Kind.NEXT) {
            long start = capture.now();
            byte[] event = exchange.responseBody().bytes();
            invocations.relayed(id, () -> event(id, exchange, start), contains(event, HTTP_MARK));
            return;
        }
        Runnable task = switch (exchange.kind()) {
            case RESPONSE -> answer(id, exchange);
            case ERROR -> {
                byte[] body = exchange.requestBody().bytes();
                String type = exchange.request().header("Lambda-Runtime-Function-Error-Type").orElse(null);
                yield () -> invocations.failed(id, RuntimeError.read(type, body));
            }
            case NEXT, INIT_ERROR, OTHER -> null;
        };
        if (task != null && !work.offer(task)) {
            invocations.notAnswered(id);
            skipped.add(1, Attributes.of("reason", "busy"));
        }
    }

    /** Reads a relayed event; whatever happens, the invocation is followed or known not to be. */
    private void event(String requestId, Exchange exchange, long start) {
        if (exchange.responseBody().truncated()) {
            invocations.notCaptured(requestId);
            skipped.add(1, Attributes.of("reason", "event_too_large"));
            return;
        }
        try {
            byte[] body = exchange.responseBody().bytes();
            Optional<String> trace = exchange.response().header("Lambda-Runtime-Trace-Id");
            // Not a switch on type: that spins a class at run time, at the first invocation.
            if (capture.event(body, requestId, trace, start) instanceof InvocationSpan span) {
                if (!invocations.started(requestId, span)) {
                    skipped.add(1, Attributes.of("reason", "late"));
                }
            } else {
                invocations.notCaptured(requestId);
                skipped.add(1, Attributes.of("reason", "not_captured"));
            }
        } catch (RuntimeException e) {
            invocations.notCaptured(requestId);
            skipped.add(1, Attributes.of("reason", "failed"));
            LOG.log(System.Logger.Level.WARNING, "capture failed; the invocation went through untouched: " + e, e);
        }
    }

    /** A streamed answer that failed says so in its trailers; any other answer finishes the span as a response. */
    private Runnable answer(String requestId, Exchange exchange) {
        byte[] body = exchange.requestBody().bytes();
        List<HttpHead.Field> trailers = exchange.requestTrailers();
        Optional<String> errorType = trailer(trailers, "Lambda-Runtime-Function-Error-Type");
        if (errorType.isPresent()) {
            byte[] errorBody = trailer(trailers, "Lambda-Runtime-Function-Error-Body").map(CaptureObserver::decoded).orElse(new byte[0]);
            return () -> invocations.failed(requestId, RuntimeError.read(errorType.get(), errorBody));
        }
        return () -> invocations.answered(requestId, body);
    }

    private void work() {
        while (true) {
            Runnable task;
            try {
                task = work.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                skipped.add(1, Attributes.of("reason", "failed"));
                LOG.log(System.Logger.Level.WARNING, "capture failed; the invocation went through untouched: " + e, e);
            }
        }
    }

    static boolean contains(byte[] bytes, byte[] part) {
        int last = bytes.length - part.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static Optional<String> trailer(List<HttpHead.Field> trailers, String name) {
        return trailers.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(HttpHead.Field::value).findFirst();
    }

    private static byte[] decoded(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            return base64.getBytes(StandardCharsets.UTF_8);
        }
    }
}
