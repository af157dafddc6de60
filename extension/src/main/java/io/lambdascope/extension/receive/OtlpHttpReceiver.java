package io.lambdascope.extension.receive;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * OTLP/HTTP on loopback: {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}, with
 * {@code application/x-protobuf} or {@code application/json} bodies, plain or gzip (the server
 * decodes gzip; another content encoding is answered 400 before it gets here). Answers as the
 * OTLP specification says: 200 with the response message in the request's encoding (with a
 * partial success when items were rejected); 400 with a {@code google.rpc.Status} for a body that
 * cannot be read; 413 past {@link #MAX_BODY} bytes, compressed or not; 415 for another content
 * type; 503 with {@code Retry-After} when the buffer has no room, or other requests' bodies take
 * all the room for reading ({@link Admission}).
 */
public final class OtlpHttpReceiver {

    /** The largest body, before and after decompression: SDK batches are far smaller. */
    public static final int MAX_BODY = 4 * 1024 * 1024;
    /** Seconds an SDK is told to wait before retrying a request refused for want of room. */
    static final String RETRY_AFTER_SECONDS = "1";
    /** google.rpc.Code.INVALID_ARGUMENT. */
    private static final int INVALID_ARGUMENT = 3;

    private static final System.Logger LOG = System.getLogger(OtlpHttpReceiver.class.getName());

    private enum Encoding {
        PROTOBUF("application/x-protobuf"), JSON("application/json");

        final String mediaType;

        Encoding(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private final Intake intake;

    public OtlpHttpReceiver(Intake intake) {
        this.intake = intake;
    }

    /** The content encodings the receiver socket decodes: gzip, besides none. */
    public static io.helidon.http.encoding.ContentEncodingContext encodings() {
        return GzipDecoding.context();
    }

    /** Adds the three routes to the receiver socket's routing. */
    public void routing(HttpRouting.Builder routing) {
        routing.post("/v1/traces", (request, response) -> handle(Signal.TRACES, request, response))
                .post("/v1/metrics", (request, response) -> handle(Signal.METRICS, request, response))
                .post("/v1/logs", (request, response) -> handle(Signal.LOGS, request, response));
    }

    private void handle(Signal signal, ServerRequest request, ServerResponse response) {
        Optional<Encoding> encoding = encoding(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
        if (encoding.isEmpty()) {
            drain(request);
            error(response, Status.UNSUPPORTED_MEDIA_TYPE_415, Encoding.JSON,
                    "the content type must be application/x-protobuf or application/json");
            return;
        }
        String contentEncoding = request.headers().first(HeaderNames.CONTENT_ENCODING).orElse("identity");
        int weight = Admission.weight(request.headers().contentLength(), !contentEncoding.equalsIgnoreCase("identity"));
        if (!intake.admission().enter(weight, signal.text())) {
            drain(request);
            response.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            error(response, Status.SERVICE_UNAVAILABLE_503, encoding.get(), "the extension is reading other requests");
            return;
        }
        try {
            admitted(signal, encoding.get(), request, response);
        } finally {
            intake.admission().leave(weight);
        }
    }

    /** Reads, takes in and answers a request admitted for its body. */
    private void admitted(Signal signal, Encoding encoding, ServerRequest request, ServerResponse response) {
        byte[] body;
        try {
            body = body(request);
        } catch (TooLargeException e) {
            error(response, Status.REQUEST_ENTITY_TOO_LARGE_413, encoding, "the body is larger than " + MAX_BODY + " bytes");
            return;
        } catch (IOException | UncheckedIOException e) {
            error(response, Status.BAD_REQUEST_400, encoding, "the body could not be read: " + e.getMessage());
            return;
        }
        Intake.Outcome outcome;
        try {
            outcome = switch (signal) {
                case TRACES -> intake.traces(read(body, encoding, ExportTraceServiceRequest.newBuilder(), ExportTraceServiceRequest.class));
                case METRICS -> intake.metrics(read(body, encoding, ExportMetricsServiceRequest.newBuilder(), ExportMetricsServiceRequest.class));
                case LOGS -> intake.logs(read(body, encoding, ExportLogsServiceRequest.newBuilder(), ExportLogsServiceRequest.class));
            };
        } catch (MalformedPayloadException e) {
            // The reason goes back to the function only: a parser's message may quote the payload.
            LOG.log(DEBUG, () -> "refused a malformed " + signal.text() + " request of " + body.length + " bytes");
            error(response, Status.BAD_REQUEST_400, encoding, e.getMessage());
            return;
        }
        // Not a switch on the outcome's type: that spins a class at its first call, which the AOT
        // cache does not keep, in every environment's first export.
        if (outcome instanceof Intake.Outcome.Accepted accepted) {
            Message answer = accepted.response(signal);
            response.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, encoding.mediaType)
                    .send(encoding == Encoding.JSON ? json(signal, accepted) : answer.toByteArray());
        } else {
            response.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            error(response, Status.SERVICE_UNAVAILABLE_503, encoding, "the extension's buffer is full");
        }
    }

    private static Optional<Encoding> encoding(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/x-protobuf", "application/protobuf" -> Optional.of(Encoding.PROTOBUF);
            case "application/json" -> Optional.of(Encoding.JSON);
            default -> Optional.empty();
        };
    }

    /** The body, decoded by the server when it came gzipped, and capped after decoding too. */
    private static byte[] body(ServerRequest request) throws IOException {
        try (InputStream in = request.content().inputStream()) {
            return capped(in);
        }
    }

    private static byte[] capped(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new TooLargeException();
        }
        return bytes;
    }

    private static <T extends Message> T read(byte[] body, Encoding encoding, Message.Builder builder, Class<T> type) {
        if (encoding == Encoding.JSON) {
            return OtlpJsonReader.read(body, builder, type);
        }
        try {
            return type.cast(builder.mergeFrom(body).build());
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedPayloadException("the body is not a valid protobuf " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static byte[] json(Signal signal, Intake.Outcome.Accepted accepted) {
        if (accepted.rejected() == 0) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        String field = switch (signal) {
            case TRACES -> "rejectedSpans";
            case METRICS -> "rejectedDataPoints";
            case LOGS -> "rejectedLogRecords";
        };
        return "{\"partialSuccess\":{\"%s\":\"%d\",\"errorMessage\":%s}}"
                .formatted(field, accepted.rejected(), quoted(accepted.reason())).getBytes(StandardCharsets.UTF_8);
    }

    /** An error answer: a {@code google.rpc.Status} with the message, in the request's encoding. */
    private static void error(ServerResponse response, Status status, Encoding encoding, String message) {
        byte[] body;
        if (encoding == Encoding.JSON) {
            body = "{\"code\":%d,\"message\":%s}".formatted(INVALID_ARGUMENT, quoted(message)).getBytes(StandardCharsets.UTF_8);
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            try {
                out.writeInt32(1, INVALID_ARGUMENT);
                out.writeString(2, message);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            body = bytes.toByteArray();
        }
        response.status(status).header(HeaderNames.CONTENT_TYPE, encoding.mediaType).send(body);
    }

    private static String quoted(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Reads and drops a body the receiver will not look at, so the connection can go on. */
    private static void drain(ServerRequest request) {
        try (InputStream in = request.content().inputStream()) {
            in.skip(MAX_BODY);
        } catch (IOException | UncheckedIOException e) {
            // The answer goes out anyway; the connection may close.
        }
    }

    private static final class TooLargeException extends IOException {
        TooLargeException() {
            super(null, null);
        }
    }
}
