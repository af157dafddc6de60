package io.lambdascope.extension.receive;

import com.google.protobuf.Message;
import io.lambdascope.extension.batch.ExportRequests;
import io.lambdascope.extension.batch.TelemetryBuffer;
import io.lambdascope.extension.config.FlushConfig;
import io.lambdascope.extension.config.FlushStrategy;
import io.lambdascope.extension.config.Sampling;
import io.lambdascope.extension.convert.CapturedSpans;
import io.lambdascope.extension.convert.InvocationContexts;
import io.lambdascope.extension.convert.TraceContexts;
import io.lambdascope.extension.export.ExportResult;
import io.lambdascope.extension.export.Exporter;
import io.lambdascope.extension.export.Signal;
import io.lambdascope.extension.flush.ExportHealth;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.opentelemetry.proto.resource.v1.Resource;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A receiver's intake over a small buffer whose backend is down, so that what is received stays
 * in the buffer for a test to count, and the buffer can be filled.
 */
final class ReceiverFixture implements AutoCloseable {

    static final long MAX_BYTES = 64 * 1024;

    final MetricRegistry metrics = new MetricRegistry();
    final TelemetryBuffer buffer = new TelemetryBuffer(MAX_BYTES, (signal, items) -> { });
    final Flusher flusher;
    final Intake intake;

    ReceiverFixture() {
        Exporter down = new Exporter() {
            @Override
            public ExportResult export(Signal signal, Message request, long deadlineNanos) {
                return new ExportResult(ExportResult.Outcome.FAILED, 1, 0, 0, Optional.of("down"));
            }

            @Override
            public void close() {
            }
        };
        flusher = new Flusher(buffer, down, ExportRequests.of(Resource.getDefaultInstance(), "test"), metrics, new ExportHealth(metrics),
                new FlushConfig(FlushStrategy.END_OF_INVOCATION, Duration.ofSeconds(60), 1_000_000, 0, MAX_BYTES, Duration.ofMillis(20),
                        Duration.ofMillis(1500)), Duration.ofSeconds(1));
        intake = new Intake(new OtlpJoin(Resource.getDefaultInstance(),
                new InvocationContexts(CapturedSpans.NONE, new TraceContexts(Sampling.ALL, new SplittableRandom())), new InvocationTimeline()),
                buffer, MAX_BYTES, flusher, Duration.ofMillis(20), metrics);
    }

    /** Spans, metrics and log records waiting. */
    int buffered() {
        return buffer.size(Signal.TRACES) + buffer.size(Signal.METRICS) + buffer.size(Signal.LOGS);
    }

    @Override
    public void close() {
        flusher.close();
    }
}
