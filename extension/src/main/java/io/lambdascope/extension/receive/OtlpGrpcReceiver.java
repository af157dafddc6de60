package io.lambdascope.extension.receive;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lambdascope.extension.export.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * OTLP/gRPC on loopback: the three unary {@code Export} methods, served as gRPC frames them over
 * HTTP/2 (h2c with prior knowledge, as SDKs connect) by the server's own HTTP/2 support. A gRPC
 * library would bring several megabytes and Helidon's gRPC module, in this version, loses the
 * compressed flag of a gzip message split across frames; a unary call is one length-prefixed
 * message each way and a status.
 *
 * <p>Answers: {@code OK} with the response message (a partial success when items were rejected);
 * {@code INVALID_ARGUMENT} for a message that cannot be read or is larger than
 * {@link OtlpHttpReceiver#MAX_BODY} (not a code SDKs retry); {@code UNAVAILABLE} when the buffer
 * has no room, or other calls' messages take all the room for reading ({@link Admission}), which
 * SDKs retry later. Errors are sent as gRPC's Trailers-Only responses, because
 * SDKs decide on retries from the response's headers.
 */
public final class OtlpGrpcReceiver {

    static final String TRACES = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    static final String METRICS = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    static final String LOGS = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    private static final System.Logger LOG = System.getLogger(OtlpGrpcReceiver.class.getName());
    private static final HeaderName GRPC_STATUS = HeaderNames.create("grpc-status");
    private static final HeaderName GRPC_MESSAGE = HeaderNames.create("grpc-message");
    private static final HeaderName GRPC_ENCODING = HeaderNames.create("grpc-encoding");
    private static final HeaderName GRPC_ACCEPT_ENCODING = HeaderNames.create("grpc-accept-encoding");
    private static final int INVALID_ARGUMENT = 3;
    private static final int UNIMPLEMENTED = 12;
    private static final int UNAVAILABLE = 14;

    /** A call that ends with a status other than OK. */
    static final class Failure extends RuntimeException {
        final int code;

        Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final Intake intake;

    public OtlpGrpcReceiver(Intake intake) {
        this.intake = intake;
    }

    /** Adds the three methods to the gRPC socket's routing. */
    public void routing(HttpRouting.Builder routing) {
        routing.post(TRACES, unary(Signal.TRACES, ExportTraceServiceRequest.parser(), request -> answer(Signal.TRACES, intake.traces(request))))
                .post(METRICS, unary(Signal.METRICS, ExportMetricsServiceRequest.parser(), request -> answer(Signal.METRICS, intake.metrics(request))))
                .post(LOGS, unary(Signal.LOGS, ExportLogsServiceRequest.parser(), request -> answer(Signal.LOGS, intake.logs(request))));
    }

    private static Message answer(Signal signal, Intake.Outcome outcome) {
        // Not a switch on the outcome's type: that spins a class at its first call, which the AOT
        // cache does not keep, in every environment's first export.
        if (outcome instanceof Intake.Outcome.Accepted accepted) {
            return accepted.response(signal);
        }
        throw new Failure(UNAVAILABLE, "the extension's buffer is full");
    }

    private <Q extends Message> Handler unary(Signal signal, Parser<Q> parser, Function<Q, Message> method) {
        return (request, response) -> {
            response.status(Status.OK_200)
                    .header(HeaderNames.CONTENT_TYPE, "application/grpc")
                    .header(GRPC_ACCEPT_ENCODING, "gzip");
            byte[] answer;
            int weight = Admission.weight(request.headers().contentLength(),
                    !request.headers().first(GRPC_ENCODING).orElse("identity").equalsIgnoreCase("identity"));
            boolean admitted = false;
            try {
                if (!request.headers().first(HeaderNames.CONTENT_TYPE).orElse("").startsWith("application/grpc")) {
                    throw new Failure(UNIMPLEMENTED, "the content type must be application/grpc");
                }
                admitted = intake.admission().enter(weight, signal.text());
                if (!admitted) {
                    throw new Failure(UNAVAILABLE, "the extension is reading other requests");
                }
                answer = framed(method.apply(parser.parseFrom(message(request))).toByteArray());
            } catch (Failure e) {
                LOG.log(DEBUG, () -> "gRPC call ended with status " + e.code);
                trailersOnly(response, e.code, e.getMessage());
                return;
            } catch (InvalidProtocolBufferException | MalformedPayloadException e) {
                trailersOnly(response, INVALID_ARGUMENT, "the message is not a valid OTLP request: " + e.getMessage());
                return;
            } finally {
                if (admitted) {
                    intake.admission().leave(weight);
                }
            }
            // HTTP/2 sends trailers only when the response names them first.
            response.header(HeaderNames.TRAILER, "grpc-status");
            response.trailers().set(GRPC_STATUS, "0");
            response.send(answer);
        };
    }

    /** The one length-prefixed message of a unary call, inflated when its flag says gzip. */
    private static byte[] message(ServerRequest request) throws IOException {
        try (InputStream in = request.content().inputStream()) {
            return unframe(in, request.headers().first(GRPC_ENCODING).orElse("identity"));
        }
    }

    /**
     * Reads one length-prefixed gRPC message and inflates it when its flag says so, never past
     * {@link OtlpHttpReceiver#MAX_BODY} bytes either way.
     *
     * @param in the request's body
     * @param encoding the {@code grpc-encoding} header's value
     * @return the message
     * @throws Failure with the gRPC status to answer when the body is not one such message
     * @throws IOException when the body cannot be read
     */
    static byte[] unframe(InputStream in, String encoding) throws IOException {
        byte[] prefix = in.readNBytes(5);
        if (prefix.length < 5) {
            throw new Failure(INVALID_ARGUMENT, "the request holds no gRPC message");
        }
        long length = ((prefix[1] & 0xFFL) << 24) | ((prefix[2] & 0xFF) << 16) | ((prefix[3] & 0xFF) << 8) | (prefix[4] & 0xFF);
        if (length > OtlpHttpReceiver.MAX_BODY) {
            throw new Failure(INVALID_ARGUMENT, "the message is larger than " + OtlpHttpReceiver.MAX_BODY + " bytes");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new Failure(INVALID_ARGUMENT, "the message is cut short");
        }
        if (prefix[0] == 0) {
            return payload;
        }
        if (prefix[0] != 1 || !encoding.equals("gzip")) {
            throw new Failure(UNIMPLEMENTED, "the message encoding must be gzip or none, not " + encoding);
        }
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(payload))) {
            byte[] plain = inflated.readNBytes(OtlpHttpReceiver.MAX_BODY + 1);
            if (plain.length > OtlpHttpReceiver.MAX_BODY) {
                throw new Failure(INVALID_ARGUMENT, "the message inflates past " + OtlpHttpReceiver.MAX_BODY + " bytes");
            }
            return plain;
        } catch (IOException | UncheckedIOException e) {
            throw new Failure(INVALID_ARGUMENT, "the message is not valid gzip");
        }
    }

    private static byte[] framed(byte[] message) {
        byte[] out = new byte[5 + message.length];
        int n = message.length;
        out[1] = (byte) (n >>> 24);
        out[2] = (byte) (n >>> 16);
        out[3] = (byte) (n >>> 8);
        out[4] = (byte) n;
        System.arraycopy(message, 0, out, 5, n);
        return out;
    }

    /**
     * A Trailers-Only response: one HEADERS frame that ends the stream. Sending an empty body would
     * add an empty DATA frame, which strict clients refuse; an output stream closed unwritten does
     * not, once the trailer announcement it adds for clients that accept trailers is removed.
     */
    private static void trailersOnly(ServerResponse response, int code, String message) throws IOException {
        response.header(GRPC_STATUS, Integer.toString(code));
        response.header(GRPC_MESSAGE, percentEncoded(message));
        OutputStream out = response.outputStream();
        response.headers().remove(HeaderNames.TRAILER);
        out.close();
    }

    /** gRPC's encoding of {@code grpc-message}: UTF-8, with bytes outside printable ASCII and {@code %} escaped. */
    static String percentEncoded(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0x20 && b <= 0x7E && b != '%') {
                out.write(b);
            } else {
                out.writeBytes("%%%02X".formatted(b & 0xFF).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
