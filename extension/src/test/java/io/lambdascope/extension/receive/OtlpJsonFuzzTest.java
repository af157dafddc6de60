package io.lambdascope.extension.receive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * OTLP/JSON from a function's SDK: a body is read as its request or refused as malformed, the
 * only answer the receiver turns into a 400; nothing else may escape the reader.
 */
class OtlpJsonFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void traces(byte[] body) {
        read(() -> OtlpJsonReader.read(body, ExportTraceServiceRequest.newBuilder(), ExportTraceServiceRequest.class));
    }

    @FuzzTest(maxDuration = "3s")
    void metrics(byte[] body) {
        read(() -> OtlpJsonReader.read(body, ExportMetricsServiceRequest.newBuilder(), ExportMetricsServiceRequest.class));
    }

    @FuzzTest(maxDuration = "3s")
    void logs(byte[] body) {
        read(() -> OtlpJsonReader.read(body, ExportLogsServiceRequest.newBuilder(), ExportLogsServiceRequest.class));
    }

    private static void read(Runnable reader) {
        try {
            reader.run();
        } catch (MalformedPayloadException expected) {
            // The specified answer: 400 with the message.
        }
    }
}
