package io.lambdascope.extension.export;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to a limit and stops there, so that an endpoint answering with more than
 * an OTLP response ever holds cannot fill a small function's memory. A body cut short reads as
 * whatever it holds up to the limit.
 */
final class ResponseBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The bodies of 2xx answers, up to {@link Attempt#MAX_RESPONSE_BYTES}; every other body is read and dropped. */
    static final HttpResponse.BodyHandler<byte[]> HANDLER = info -> info.statusCode() / 100 == 2
            ? new ResponseBody(Attempt.MAX_RESPONSE_BYTES) : HttpResponse.BodySubscribers.replacing(new byte[0]);

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    ResponseBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), limit - bytes.size());
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            bytes.write(chunk, 0, take);
        }
        if (bytes.size() >= limit && body.complete(bytes.toByteArray())) {
            // The rest is not wanted; cancelling closes the connection rather than reading it.
            subscription.cancel();
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
