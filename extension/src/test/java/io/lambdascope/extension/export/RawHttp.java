package io.lambdascope.extension.export;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The request side of the raw HTTP/1.1 servers that exporter tests script by hand. */
final class RawHttp {

    private RawHttp() {
    }

    /** Reads a request head up to its empty line; null when the connection ends first. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** The head's Content-Length, 0 when it has none. */
    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }
}
