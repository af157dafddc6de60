package io.lambdascope.extension.sandbox;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A function that cannot be made, so the runtime interface client reports {@code init/error}. */
public final class BrokenFunction implements RequestHandler<Object, String> {

    public BrokenFunction() {
        throw new IllegalStateException("configuration is missing");
    }

    @Override
    public String handleRequest(Object event, Context context) {
        return "unreachable";
    }
}
