package io.lambdascope.extension.export;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lambdascope.extension.json.JsonValue;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.IOException;

/**
 * The {@code partial_success} of an OTLP export response: how many items the backend accepted the
 * request without, and why.
 *
 * @param rejected items refused: spans, data points or log records
 * @param message the backend's explanation, possibly empty
 */
record PartialSuccess(long rejected, String message) {

    /** A full success: nothing rejected. */
    static final PartialSuccess NONE = new PartialSuccess(0, "");

    /**
     * Reads a 2xx response body.
     *
     * @param signal the request's signal, which names the rejected-items field
     * @param body the response body, uncompressed; empty for a full success
     * @param json whether the body is OTLP/JSON rather than protobuf
     * @throws IOException when the body is not a response of that signal
     */
    static PartialSuccess read(Signal signal, byte[] body, boolean json) throws IOException {
        if (body.length == 0) {
            return NONE;
        }
        return json ? readJson(signal, body) : readProtobuf(signal, body);
    }

    private static PartialSuccess readProtobuf(Signal signal, byte[] body) throws InvalidProtocolBufferException {
        return switch (signal) {
            case TRACES -> {
                var partial = ExportTraceServiceResponse.parseFrom(body).getPartialSuccess();
                yield new PartialSuccess(partial.getRejectedSpans(), partial.getErrorMessage());
            }
            case METRICS -> {
                var partial = ExportMetricsServiceResponse.parseFrom(body).getPartialSuccess();
                yield new PartialSuccess(partial.getRejectedDataPoints(), partial.getErrorMessage());
            }
            case LOGS -> {
                var partial = ExportLogsServiceResponse.parseFrom(body).getPartialSuccess();
                yield new PartialSuccess(partial.getRejectedLogRecords(), partial.getErrorMessage());
            }
        };
    }

    /** Accepts both the lowerCamelCase and the original field names, and 64-bit counts as strings or numbers. */
    private static PartialSuccess readJson(Signal signal, byte[] body) throws IOException {
        JsonValue response = JsonValue.parse(body);
        if (!response.isObject()) {
            throw new IOException("the response is not a JSON object");
        }
        JsonValue partial = field(response, "partialSuccess", "partial_success");
        if (partial.isMissing() || partial.isNull()) {
            return NONE;
        }
        JsonValue rejected = switch (signal) {
            case TRACES -> field(partial, "rejectedSpans", "rejected_spans");
            case METRICS -> field(partial, "rejectedDataPoints", "rejected_data_points");
            case LOGS -> field(partial, "rejectedLogRecords", "rejected_log_records");
        };
        long count;
        if (rejected.isMissing() || rejected.isNull()) {
            count = 0;
        } else if (rejected.isIntegralNumber() || (rejected.isString() && rejected.asText().matches("-?\\d{1,19}"))) {
            count = rejected.asLong();
        } else {
            throw new IOException("the rejected count is not an integer");
        }
        return new PartialSuccess(Math.max(0, count), field(partial, "errorMessage", "error_message").asText(""));
    }

    private static JsonValue field(JsonValue node, String name, String originalName) {
        JsonValue value = node.path(name);
        return value.isMissing() ? node.path(originalName) : value;
    }
}
