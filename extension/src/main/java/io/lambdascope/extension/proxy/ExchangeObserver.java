package io.lambdascope.extension.proxy;

import io.lambdascope.extension.http.HttpHead;

/** Sees what the proxy relays, after the runtime has had its answer. */
public interface ExchangeObserver {

    /**
     * How many bytes of the request's payload (an invocation's response or error) to keep; 0 keeps
     * none. Called on the connection's thread before the payload is relayed.
     *
     * @param request the runtime's request, which names what it is doing (see {@link Exchange#kindOf})
     */
    int keepRequest(HttpHead request);

    /**
     * How many bytes of the answer's payload (an invocation's event) to keep; 0 keeps none. Called
     * on the connection's thread as soon as the answer's head is in, before its payload is relayed:
     * the first moment the invocation's request id is known.
     *
     * @param request the runtime's request
     * @param answer Lambda's answer's head
     */
    int keepAnswer(HttpHead request, HttpHead answer);

    /**
     * One exchange was relayed. Called on the connection's thread once the answer has gone to the
     * runtime, before the connection reads the runtime's next request: it must hand the work off,
     * not do it.
     */
    void exchanged(Exchange exchange);

    /** An observer that keeps nothing and sees nothing: the proxy as a plain relay. */
    ExchangeObserver NONE = new ExchangeObserver() {
        @Override
        public int keepRequest(HttpHead request) {
            return 0;
        }

        @Override
        public int keepAnswer(HttpHead request, HttpHead answer) {
            return 0;
        }

        @Override
        public void exchanged(Exchange exchange) {
        }
    };
}
