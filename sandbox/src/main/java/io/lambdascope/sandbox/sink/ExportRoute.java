package io.lambdascope.sandbox.sink;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.lambdascope.sandbox.http.BodyTooLargeException;
import io.lambdascope.sandbox.http.HttpExchange;
import io.lambdascope.sandbox.http.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The sink's OTLP/HTTP endpoint, answering as the OTLP specification's "OTLP/HTTP" section says:
 * 200 with an empty response in the request's encoding, 400 with a {@code google.rpc.Status} for a
 * body that does not decode, 415 for other content types, 404 and 405 for other paths and methods.
 */
final class ExportRoute implements HttpHandler {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    /** The largest body accepted, compressed or not; exporters batch far below this. */
    static final int MAX_BODY_BYTES = 32 << 20;

    private final SinkState state;

    ExportRoute(SinkState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) {
        state.received();
        Optional<Signal> signal = Signal.ofPath(exchange.path());
        if (signal.isEmpty()) {
            reject(exchange, 404, Map.of(), "no OTLP signal at " + exchange.path()
                    + "; use /v1/traces, /v1/metrics or /v1/logs");
            return;
        }
        if (!exchange.method().equals("POST")) {
            reject(exchange, 405, Map.of("Allow", "POST"), "OTLP/HTTP takes POST, not " + exchange.method());
            return;
        }
        String type = exchange.header("content-type").map(t -> t.split(";")[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!type.equals(PROTOBUF) && !type.equals(JSON)) {
            reject(exchange, 415, Map.of(), "content type must be " + PROTOBUF + " or " + JSON + ", not \"" + type + "\"");
            return;
        }
        boolean json = type.equals(JSON);
        String encoding = exchange.header("content-encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
        if (!encoding.equals("gzip") && !encoding.equals("identity")) {
            reject(exchange, 415, Map.of(), "content encoding must be gzip or identity, not \"" + encoding + "\"");
            return;
        }
        byte[] body;
        try {
            body = exchange.readBody(MAX_BODY_BYTES);
        } catch (BodyTooLargeException e) {
            state.rejected();
            exchange.respond(413, type, RpcStatus.encode(413, e.getMessage(), json));
            return;
        }
        if (injectFault(exchange, type, json)) {
            return;
        }
        Message request;
        try {
            request = decode(signal.get(), encoding.equals("gzip") ? gunzip(body) : body, json);
        } catch (IOException e) {
            state.rejected();
            exchange.respond(400, type, RpcStatus.encode(400, "cannot decode " + signal.get().path() + " body as "
                    + (encoding.equals("gzip") ? "gzip " : "") + type + ": " + e.getMessage(), json));
            return;
        }
        state.accept(signal.get(), request);
        exchange.respond(200, type, Signal.emptyResponse(json));
    }

    /** Applies the fault in force; returns whether the request was faulted (answered or not, and not kept). */
    private boolean injectFault(HttpExchange exchange, String type, boolean json) {
        Fault fault = state.takeFault();
        if (!fault.delay().isZero()) {
            state.pause(fault.delay());
        }
        switch (fault.action()) {
            case ACCEPT -> {
                return false;
            }
            case STATUS -> {
                state.faulted();
                Map<String, String> headers = fault.retryAfter().isZero()
                        ? Map.of() : Map.of("Retry-After", Long.toString(fault.retryAfter().toSeconds()));
                exchange.respond(fault.status(), headers, type,
                        RpcStatus.encode(fault.status(), "fault injected by the sink: " + fault, json));
            }
            case NEVER_ANSWER -> {
                state.faultedAndHeld();
                exchange.abort();
            }
            case RESET -> {
                state.faulted();
                exchange.abort();
            }
        }
        return true;
    }

    private static Message decode(Signal signal, byte[] body, boolean json) throws InvalidProtocolBufferException {
        return json ? OtlpJson.decode(signal, body) : signal.parseProtobuf(body);
    }

    /** Inflates a gzip body, bounded so that a small bomb cannot exhaust the sandbox's memory. */
    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] inflated = in.readNBytes(MAX_BODY_BYTES + 1);
            if (inflated.length > MAX_BODY_BYTES) {
                throw new IOException("inflated body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return inflated;
        }
    }

    private void reject(HttpExchange exchange, int status, Map<String, String> headers, String message) {
        state.rejected();
        exchange.respond(status, headers, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
