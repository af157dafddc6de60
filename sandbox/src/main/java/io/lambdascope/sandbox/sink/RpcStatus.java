package io.lambdascope.sandbox.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The body of an OTLP/HTTP error answer: a {@code google.rpc.Status} with a code and a message,
 * in the request's encoding. The message type lives in Google's common protos, which the sandbox
 * does not otherwise need, so its two fields are written by hand (code = 1, message = 2).
 */
final class RpcStatus {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RpcStatus() {
    }

    /** The google.rpc.Code that best matches an HTTP status, as gRPC-HTTP mappings do. */
    static int code(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> 3;  // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7;  // PERMISSION_DENIED
            case 404 -> 5;  // NOT_FOUND
            case 413, 429 -> 8; // RESOURCE_EXHAUSTED
            case 501 -> 12; // UNIMPLEMENTED
            case 502, 503, 504 -> 14; // UNAVAILABLE
            default -> httpStatus >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
        };
    }

    static byte[] encode(int httpStatus, String message, boolean json) {
        int code = code(httpStatus);
        try {
            if (json) {
                return MAPPER.writeValueAsBytes(Map.of("code", code, "message", message));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
