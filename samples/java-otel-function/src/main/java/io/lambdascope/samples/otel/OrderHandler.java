package io.lambdascope.samples.otel;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An API Gateway HTTP API (payload v2) function instrumented with the OpenTelemetry Java SDK. Each
 * request is an order: the function traces handling and pricing it, counts it, logs it with the
 * trace's ids, and answers with the order's price and trace id.
 *
 * <p>The SDK is configured once, when Lambda creates the handler during init, and flushed before
 * every answer, so that each invocation's telemetry has left the function before Lambda freezes it.
 */
public final class OrderHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Instrumentation scope of everything the function produces. */
    static final String SCOPE = "io.lambdascope.samples.otel";

    /** Spans, metric and log names the function produces. */
    static final String HANDLE_SPAN = "handle order";
    static final String PRICE_SPAN = "price order";
    static final String ORDERS_METRIC = "orders.handled";

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");

    /** Configured during init, on the first handler Lambda creates; one per execution environment. */
    private static final FunctionTelemetry TELEMETRY = FunctionTelemetry.configure();

    /** Reads a propagation header from the event; HTTP API events name headers in lower case. */
    private static final TextMapGetter<Map<String, String>> HEADERS =
            (headers, name) -> headers == null ? null : headers.get(name);

    private final OpenTelemetry otel = TELEMETRY.openTelemetry();
    private final Tracer tracer = otel.getTracer(SCOPE);
    private final Logger log = otel.getLogsBridge().get(SCOPE);
    private final LongCounter orders = otel.getMeter(SCOPE).counterBuilder(ORDERS_METRIC)
            .setUnit("{order}")
            .setDescription("Orders the function handled")
            .build();

    /** Lambda creates the handler through this constructor. */
    public OrderHandler() {
    }

    /**
     * Handles one order request, then exports its telemetry before answering.
     *
     * @param event   the HTTP API event; a W3C {@code traceparent} header makes the span its child
     * @param context the invocation's context
     * @return a 200 response whose JSON body holds the order id, its price and the trace id
     */
    @Override
    @SuppressWarnings("try") // the scope is closed, never read: it makes the span current
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> headers = Objects.requireNonNullElse(event.getHeaders(), Map.of());
        Optional<APIGatewayV2HTTPEvent.RequestContext.Http> http = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getHttp);
        String method = http.map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod).orElse("GET");
        String path = Objects.requireNonNullElse(event.getRawPath(), "/");
        String requestId = Objects.requireNonNullElse(context.getAwsRequestId(), "");
        String orderId = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getRequestId)
                .orElse(requestId);

        Span span = tracer.spanBuilder(HANDLE_SPAN)
                .setParent(otel.getPropagators().getTextMapPropagator()
                        .extract(io.opentelemetry.context.Context.root(), headers, HEADERS))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("faas.trigger", "http")
                .setAttribute("faas.invocation_id", requestId)
                .setAttribute(METHOD, method)
                .setAttribute("url.path", path)
                .setAttribute(ORDER_ID, orderId)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            long totalCents = price(orderId);
            orders.add(1, Attributes.of(METHOD, method));
            log.logRecordBuilder()
                    .setContext(io.opentelemetry.context.Context.current())
                    .setSeverity(Severity.INFO)
                    .setSeverityText("INFO")
                    .setBody("order " + orderId + " priced at " + totalCents + " cents")
                    .setAttribute(ORDER_ID, orderId)
                    .setAttribute(AttributeKey.stringKey("faas.invocation_id"), requestId)
                    .emit();
            span.setAttribute("http.response.status_code", 200L);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withIsBase64Encoded(false)
                    .withBody(OrderJson.of(orderId, totalCents, span.getSpanContext().getTraceId()))
                    .build();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
            if (!TELEMETRY.flush(FunctionTelemetry.FLUSH_TIMEOUT)) {
                context.getLogger().log("could not export all telemetry within "
                        + FunctionTelemetry.FLUSH_TIMEOUT.toMillis() + " ms\n");
            }
        }
    }

    /** A child span standing for the function's work: a price, in cents, derived from the order id. */
    @SuppressWarnings("try") // the scope is closed, never read: it makes the span current
    private long price(String orderId) {
        Span span = tracer.spanBuilder(PRICE_SPAN).setSpanKind(SpanKind.INTERNAL).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            long totalCents = 100 + Math.floorMod(orderId.hashCode(), 9_900);
            span.setAttribute(ORDER_ID, orderId);
            span.setAttribute("order.total_cents", totalCents);
            return totalCents;
        } finally {
            span.end();
        }
    }
}
