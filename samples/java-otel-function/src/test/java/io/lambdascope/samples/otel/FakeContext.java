package io.lambdascope.samples.otel;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The context Lambda would pass, with a logger that keeps what the handler logged. */
record FakeContext(String awsRequestId, List<String> logged) implements Context {

    FakeContext(String awsRequestId) {
        this(awsRequestId, new CopyOnWriteArrayList<>());
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/java-otel-function";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/23/[$LATEST]0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "java-otel-function";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:java-otel-function";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 3000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logged.add(message);
            }

            @Override
            public void log(byte[] message) {
                logged.add(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
