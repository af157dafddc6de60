/**
 * HTTP/1.1 framing on plain sockets, for the listeners that do without an HTTP server library
 * (the Runtime API proxy and the Telemetry API listener): message heads, bodies framed by length
 * or chunking, and bounded copies of payloads.
 */
package io.lambdascope.extension.http;
