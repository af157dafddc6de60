package io.lambdascope.extension.receive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
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
import io.lambdascope.extension.flush.ExportHealth;
import io.lambdascope.extension.flush.Flusher;
import io.lambdascope.extension.metrics.MetricRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * OTLP/protobuf from a function's SDK, over HTTP or gRPC: whatever protobuf decodes into a request
 * (any ids, any nesting, any values) goes through the receiver's intake, which takes it, rejects
 * its invalid items, or refuses it as malformed; nothing else may escape. The first byte picks the
 * signal. A gRPC body, gzip flag and all, is one message of at most the receiver's limit or a gRPC
 * status.
 */
class OtlpProtobufFuzzTest {

    private static final Intake INTAKE = intake();

    @FuzzTest(maxDuration = "3s")
    void request(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        try {
            switch (Math.floorMod(input[0], 3)) {
                case 0 -> INTAKE.traces(ExportTraceServiceRequest.parseFrom(body));
                case 1 -> INTAKE.metrics(ExportMetricsServiceRequest.parseFrom(body));
                default -> INTAKE.logs(ExportLogsServiceRequest.parseFrom(body));
            }
        } catch (InvalidProtocolBufferException | MalformedPayloadException expected) {
            // Answered 400 (HTTP) or INVALID_ARGUMENT (gRPC).
        }
    }

    @FuzzTest(maxDuration = "3s")
    void grpcMessage(byte[] body) throws IOException {
        try {
            byte[] message = OtlpGrpcReceiver.unframe(new ByteArrayInputStream(body), "gzip");
            if (message.length > OtlpHttpReceiver.MAX_BODY) {
                throw new AssertionError("a message of " + message.length + " bytes passed the limit");
            }
        } catch (OtlpGrpcReceiver.Failure expected) {
            // Answered with the failure's gRPC status.
        }
    }

    /** An intake as the extension builds it, exporting nowhere; its buffer is large enough never to refuse. */
    private static Intake intake() {
        long maxBytes = 64L << 20;
        Exporter nowhere = new Exporter() {
            @Override
            public ExportResult export(io.lambdascope.extension.export.Signal signal, com.google.protobuf.Message request,
                                       long deadlineNanos) {
                return new ExportResult(ExportResult.Outcome.SENT, 1, request.getSerializedSize(), 0, Optional.empty());
            }

            @Override
            public void close() {
            }
        };
        Resource lambda = Resource.getDefaultInstance();
        MetricRegistry metrics = new MetricRegistry();
        TelemetryBuffer buffer = new TelemetryBuffer(maxBytes, (signal, items) -> { });
        FlushConfig config = new FlushConfig(FlushStrategy.CONTINUOUS, Duration.ofMillis(100), 512, 0, maxBytes,
                Duration.ofMillis(50), Duration.ofMillis(1500));
        Flusher flusher = new Flusher(buffer, nowhere, ExportRequests.of(lambda, "fuzz"), metrics, new ExportHealth(metrics),
                config, Duration.ofSeconds(2));
        InvocationContexts contexts = new InvocationContexts(CapturedSpans.NONE, new TraceContexts(Sampling.ALL, new SplittableRandom(7)));
        return new Intake(new OtlpJoin(lambda, contexts, new InvocationTimeline()), buffer, maxBytes, flusher,
                Duration.ofMillis(50), metrics);
    }
}
