/**
 * The sandbox's small, strict HTTP/1.1 server. Start with {@link io.lambdascope.sandbox.http.HttpServer}.
 *
 * <p>Lambda's Runtime API is HTTP/1.1 and a streamed function response ends with request
 * <em>trailers</em> ({@code Lambda-Runtime-Function-Error-Type}, {@code
 * Lambda-Runtime-Function-Error-Body}); the servers at hand either reject a last chunk that
 * carries trailers or hide them, so the sandbox speaks HTTP/1.1 itself: one virtual thread per
 * connection, keep-alive and pipelining, {@code Expect: 100-continue}, chunked bodies in both
 * directions, and handlers that may block (long polls).
 */
package io.lambdascope.sandbox.http;
