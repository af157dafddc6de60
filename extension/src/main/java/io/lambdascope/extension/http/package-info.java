/**
 * HTTP/1.1 framing on plain sockets, for the listeners that do without an HTTP server library:
 * message heads, bodies framed by length or chunking, and bounded copies of payloads.
 */
package io.lambdascope.extension.http;
