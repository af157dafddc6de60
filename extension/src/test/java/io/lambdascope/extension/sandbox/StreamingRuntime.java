package io.lambdascope.extension.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A runtime that streams its responses, as Lambda's response streaming documents it and as no
 * Java client library sends them: over one kept-alive socket it takes each event from
 * {@code invocation/next} and answers with a chunked {@code /response} in
 * {@code Lambda-Runtime-Function-Response-Mode: streaming}, three chunks echoing the event; for
 * the event {@code "fail"} the stream ends with the error trailers instead.
 */
public final class StreamingRuntime {

    private StreamingRuntime() {
    }

    public static void main(String[] args) throws IOException {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        int colon = api.lastIndexOf(':');
        try (Socket socket = new Socket(api.substring(0, colon), Integer.parseInt(api.substring(colon + 1)))) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                write(out, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + api + "\r\n\r\n");
                String requestId = null;
                long length = 0;
                for (String line = line(in); !line.isEmpty(); line = line(in)) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("lambda-runtime-aws-request-id:")) {
                        requestId = line.substring(line.indexOf(':') + 1).strip();
                    } else if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                    }
                }
                byte[] event = in.readNBytes((int) length);
                write(out, "POST /2018-06-01/runtime/invocation/" + requestId + "/response HTTP/1.1\r\nHost: " + api + "\r\n"
                        + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n"
                        + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n");
                chunk(out, "{\"streamed\":".getBytes(StandardCharsets.UTF_8));
                chunk(out, event.length == 0 ? "null".getBytes(StandardCharsets.UTF_8) : event);
                chunk(out, "}".getBytes(StandardCharsets.UTF_8));
                if (new String(event, StandardCharsets.UTF_8).equals("\"fail\"")) {
                    String body = Base64.getEncoder().encodeToString(
                            "{\"errorType\":\"Stream.Broken\",\"errorMessage\":\"asked to fail\"}".getBytes(StandardCharsets.UTF_8));
                    write(out, "0\r\nLambda-Runtime-Function-Error-Type: Stream.Broken\r\nLambda-Runtime-Function-Error-Body: "
                            + body + "\r\n\r\n");
                } else {
                    write(out, "0\r\n\r\n");
                }
                skipAnswer(in);
            }
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        write(out, Integer.toHexString(data.length) + "\r\n");
        out.write(data);
        write(out, "\r\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void skipAnswer(InputStream in) throws IOException {
        long length = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        in.readNBytes((int) length);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the Runtime API closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
