package io.lambdascope.extension.proxy;

/** Sees what the proxy relays, after the runtime has had its answer. */
public interface ExchangeObserver {

    /**
     * How many payload bytes to keep for this exchange; 0 keeps none. Called before relaying, on
     * the connection's thread.
     *
     * @param request the runtime's request, which names what it is doing (see {@link Exchange#kindOf})
     * @param requestPayload the request's payload (an invocation's response or error), or else the
     *                       answer's (the event)
     */
    int keep(HttpHead request, boolean requestPayload);

    /**
     * One exchange was relayed. Called on the connection's thread once the answer has gone to the
     * runtime, before the connection reads the runtime's next request: it must hand the work off,
     * not do it.
     */
    void exchanged(Exchange exchange);

    /** An observer that keeps nothing and sees nothing: the proxy as a plain relay. */
    ExchangeObserver NONE = new ExchangeObserver() {
        @Override
        public int keep(HttpHead request, boolean requestPayload) {
            return 0;
        }

        @Override
        public void exchanged(Exchange exchange) {
        }
    };
}
