import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One OTLP/gRPC export call, as an OpenTelemetry SDK makes it: HTTP/2 over plain TCP with prior
 * knowledge (no upgrade), one stream with the request's HEADERS and a DATA frame holding the
 * gRPC-framed message, read until the server ends the stream with its trailers. Written by hand
 * because the training run has no dependencies and the JDK's HTTP client speaks HTTP/2 without
 * TLS only by upgrading from HTTP/1.1, which no gRPC client does.
 */
final class GrpcExport {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int STREAM = 1;
    /** HPACK's static table: ":method: POST", ":scheme: http", ":status: 200", whole fields. */
    private static final int METHOD_POST = 0x83;
    private static final int SCHEME_HTTP = 0x86;
    private static final int STATUS_200 = 0x88;
    /**
     * HPACK's static table: the names ":path" and ":authority", as literals without indexing
     * (a server takes pseudo-header names from the table only).
     */
    private static final int PATH = 0x04;
    private static final int AUTHORITY = 0x01;

    private GrpcExport() {
    }

    /**
     * Calls {@code service/Export} with one message and waits for the end of the answer.
     *
     * @param address the receiver's host and port
     * @param service the gRPC service, say {@code opentelemetry.proto.collector.trace.v1.TraceService}
     * @param message the encoded request message
     * @param timeoutMillis how long any read may wait
     * @throws IOException when the call fails or is answered with anything but HTTP status 200
     */
    static void call(InetSocketAddress address, String service, byte[] message, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            ByteArrayOutputStream headers = new ByteArrayOutputStream();
            headers.write(METHOD_POST);
            headers.write(SCHEME_HTTP);
            headers.write(PATH);
            string(headers, "/" + service + "/Export");
            headers.write(AUTHORITY);
            string(headers, address.getHostString() + ":" + address.getPort());
            literal(headers, "content-type", "application/grpc");
            literal(headers, "te", "trailers");
            frame(out, HEADERS, END_HEADERS, STREAM, headers.toByteArray());
            // gRPC's framing: not compressed, then the message's length.
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(0);
            body.write(new byte[] {(byte) (message.length >>> 24), (byte) (message.length >>> 16),
                    (byte) (message.length >>> 8), (byte) message.length});
            body.write(message);
            frame(out, DATA, END_STREAM, STREAM, body.toByteArray());
            out.flush();
            readAnswer(new DataInputStream(socket.getInputStream()), out);
        }
    }

    /** Reads frames until the stream ends, answering the server's SETTINGS and PINGs on the way. */
    private static void readAnswer(DataInputStream in, OutputStream out) throws IOException {
        boolean statusSeen = false;
        while (true) {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7FFF_FFFF;
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new IOException("the connection ended inside a frame");
            }
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0) {
                        frame(out, SETTINGS, ACK, 0, new byte[0]);
                        out.flush();
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0) {
                        frame(out, PING, ACK, 0, payload);
                        out.flush();
                    }
                }
                case RST_STREAM -> throw new IOException("the server reset the call: error " + errorCode(payload, 0));
                case GOAWAY -> throw new IOException("the server closed the connection: error " + errorCode(payload, 4)
                        + " " + new String(payload, Math.min(8, payload.length), Math.max(0, payload.length - 8), StandardCharsets.US_ASCII));
                case HEADERS -> {
                    if (stream == STREAM && !statusSeen) {
                        // The status comes first; the server gives it from the static table.
                        if (payload.length == 0 || (payload[0] & 0xFF) != STATUS_200) {
                            throw new IOException("the call was not answered with status 200");
                        }
                        statusSeen = true;
                    }
                }
                default -> {
                    // DATA (the response message), WINDOW_UPDATE: nothing to answer.
                }
            }
            if (stream == STREAM && (type == HEADERS || type == DATA) && (flags & END_STREAM) != 0) {
                return;
            }
        }
    }

    private static long errorCode(byte[] payload, int at) {
        return payload.length < at + 4 ? -1
                : (payload[at] & 0xFFL) << 24 | (payload[at + 1] & 0xFF) << 16 | (payload[at + 2] & 0xFF) << 8 | (payload[at + 3] & 0xFF);
    }

    /** A header field as HPACK's literal without indexing, new name, no Huffman coding. */
    private static void literal(ByteArrayOutputStream block, String name, String value) {
        block.write(0);
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 126) {
            throw new IllegalArgumentException("longer than one length byte: " + text);
        }
        block.write(bytes.length);
        block.writeBytes(bytes);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
    }
}
