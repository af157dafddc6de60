package io.lambdascope.extension.proxy;

import io.lambdascope.extension.http.HttpHead;
import io.lambdascope.extension.http.PayloadCopy;

import java.util.List;
import java.util.Optional;

/**
 * One request the runtime made through the proxy and Lambda's answer, as the proxy relayed them.
 *
 * @param request the request's head
 * @param requestBody what was kept of the request's payload (an invocation's response or error)
 * @param requestTrailers trailer fields after a chunked request body (a streamed response's error)
 * @param response the answer's head
 * @param responseBody what was kept of the answer's payload (the event, for {@code invocation/next})
 */
public record Exchange(HttpHead request, PayloadCopy requestBody, List<HttpHead.Field> requestTrailers,
                       HttpHead response, PayloadCopy responseBody) {

    private static final String RUNTIME = "/2018-06-01/runtime/";

    /** What the runtime did, from the request's path. */
    public enum Kind {
        /** {@code GET invocation/next}: Lambda answered with an event. */
        NEXT,
        /** {@code POST invocation/<id>/response}. */
        RESPONSE,
        /** {@code POST invocation/<id>/error}. */
        ERROR,
        /** {@code POST init/error}. */
        INIT_ERROR,
        /** Anything else, relayed all the same. */
        OTHER
    }

    /** The kind of exchange. */
    public Kind kind() {
        return kindOf(request);
    }

    /** The kind of exchange a request starts. */
    public static Kind kindOf(HttpHead request) {
        String path = path(request);
        if (!path.startsWith(RUNTIME)) {
            return Kind.OTHER;
        }
        String rest = path.substring(RUNTIME.length());
        if (rest.equals("invocation/next")) {
            return Kind.NEXT;
        }
        if (rest.equals("init/error")) {
            return Kind.INIT_ERROR;
        }
        if (rest.startsWith("invocation/") && rest.endsWith("/response")) {
            return Kind.RESPONSE;
        }
        if (rest.startsWith("invocation/") && rest.endsWith("/error")) {
            return Kind.ERROR;
        }
        return Kind.OTHER;
    }

    /** The invocation's request id: from the path of a response or error, from the answer of next. */
    public Optional<String> requestId() {
        return kind() == Kind.NEXT ? response.header("Lambda-Runtime-Aws-Request-Id") : requestIdOf(request);
    }

    /** The request id in the path of a response or error; empty for other requests. */
    public static Optional<String> requestIdOf(HttpHead request) {
        return switch (kindOf(request)) {
            case RESPONSE, ERROR -> {
                String rest = path(request).substring(RUNTIME.length() + "invocation/".length());
                yield Optional.of(rest.substring(0, rest.indexOf('/')));
            }
            default -> Optional.empty();
        };
    }

    private static String path(HttpHead request) {
        String target = request.target();
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
