package io.lambdascope.sandbox.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A function whose construction fails, so the runtime interface client reports init/error. */
public final class FailingInitFunction implements RequestHandler<Object, String> {

    public FailingInitFunction() {
        throw new IllegalStateException("configuration is missing");
    }

    @Override
    public String handleRequest(Object event, Context context) {
        return "unreachable";
    }
}
