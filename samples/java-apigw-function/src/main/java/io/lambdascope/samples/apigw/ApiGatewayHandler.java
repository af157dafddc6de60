package io.lambdascope.samples.apigw;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An API Gateway REST API (payload v1) function: it logs what it received and answers with a small
 * JSON document describing the request.
 *
 * <p>The logs and the response are what an observability layer sees of a function: log lines
 * written both through Lambda's logger and to standard output, an HTTP method and path for the
 * server span, and a cold-start flag that is true only for the first invocation of an execution
 * environment.
 */
public final class ApiGatewayHandler
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** Set by the first invocation in this JVM; Lambda starts one JVM per execution environment. */
    private static final AtomicBoolean COLD = new AtomicBoolean(true);

    /** Lambda creates the handler through this constructor. */
    public ApiGatewayHandler() {
    }

    /**
     * Logs the request and describes it back as JSON.
     *
     * @param event   the API Gateway proxy event
     * @param context the invocation's context
     * @return a 200 response whose JSON body names the method, path and request id
     */
    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        boolean coldStart = COLD.getAndSet(false);
        String method = Objects.requireNonNullElse(event.getHttpMethod(), "GET");
        String path = Objects.requireNonNullElse(event.getPath(), "/");
        String requestId = Objects.requireNonNullElse(context.getAwsRequestId(), "");

        LambdaLogger logger = context.getLogger();
        logger.log("received " + method + " " + path + "\n");
        logger.log("request id " + requestId + (coldStart ? " (cold start)" : "") + "\n");

        String body = ResponseBody.of(Map.of(
                "message", "hello from " + Objects.requireNonNullElse(context.getFunctionName(), "a Java function"),
                "method", method,
                "path", path,
                "requestId", requestId,
                "coldStart", coldStart));
        // A structured line on standard output, as many functions log.
        System.out.println(ResponseBody.of(Map.of("level", "INFO", "event", "answered",
                "path", path, "statusCode", 200, "requestId", requestId)));

        return new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json"))
                .withIsBase64Encoded(false)
                .withBody(body);
    }
}
