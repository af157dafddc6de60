package io.lambdascope.extension.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each invocation's span sits in its trace, decided once and shared: by the platform's
 * {@code platform.start} and by the spans a function's own SDK sends the OTLP receiver, whichever
 * comes first (an SDK that flushes before answering is first; Lambda's event comes a buffering
 * interval later). Capture's context wins when it has one (the caller's, when the event carried
 * it); otherwise the context follows Lambda's X-Ray header, as {@link TraceContexts} makes it.
 * Thread-safe.
 */
public final class InvocationContexts {

    /**
     * Invocations remembered: a function's SDK may decide an invocation's context a whole Telemetry
     * API batch before {@code platform.start} asks for it, and a batch can hold more than 300
     * invocations (see {@code CapturedInvocations.REMEMBERED}).
     */
    static final int REMEMBERED = 512;

    private final CapturedSpans captured;
    private final TraceContexts ids;
    private final Map<String, SpanContext> decided = new LinkedHashMap<>(REMEMBERED * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param captured what capture knows of each invocation
     * @param ids makes the contexts capture has none for; used only under this object's lock
     */
    public InvocationContexts(CapturedSpans captured, TraceContexts ids) {
        this.captured = captured;
        this.ids = ids;
    }

    /**
     * The invocation's context: the one decided before, else capture's, else a new one.
     *
     * @param requestId the invocation
     * @param xray Lambda's X-Ray header for it, when there is one
     * @return the context, the same at every call for the same invocation
     */
    public synchronized SpanContext of(String requestId, Optional<XrayHeader> xray) {
        SpanContext known = decided.get(requestId);
        if (known != null) {
            return known;
        }
        SpanContext context = captured.context(requestId).orElseGet(() -> ids.start(xray));
        decided.put(requestId, context);
        return context;
    }
}
