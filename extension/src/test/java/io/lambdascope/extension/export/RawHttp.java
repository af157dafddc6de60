package io.lambdascope.extension.export;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.function.ObjIntConsumer;

/** The request side of the raw HTTP/1.1 servers that exporter tests script by hand. */
final class RawHttp {

    private RawHttp() {
    }

    /**
     * A listener on 127.0.0.1 that serves each connection on a virtual thread of its own, until
     * closed.
     *
     * @param serve given each accepted socket and its number, from 1
     */
    static ServerSocket serve(ObjIntConsumer<Socket> serve) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            int number = 0;
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    int numbered = ++number;
                    Thread.ofVirtual().start(() -> serve.accept(socket, numbered));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return listener;
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
