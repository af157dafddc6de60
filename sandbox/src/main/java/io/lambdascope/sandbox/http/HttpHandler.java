package io.lambdascope.sandbox.http;

/** Answers the requests an {@link HttpServer} receives. */
@FunctionalInterface
public interface HttpHandler {

    /**
     * Called once per request on the connection's virtual thread; it may block (a long poll) and
     * must answer with one of the {@code respond} methods or {@link HttpExchange#abort()}. An
     * exception answers 500 and closes the connection.
     */
    void handle(HttpExchange exchange) throws Exception;
}
