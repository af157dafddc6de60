package io.lambdascope.extension.tags;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FunctionArnTest {

    @Test
    void isBuiltInTheRegionsPartition() {
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:orders", FunctionArn.of("eu-west-1", "123456789012", "orders"));
        assertEquals("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders", FunctionArn.of("cn-north-1", "123456789012", "orders"));
        assertEquals("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders",
                FunctionArn.of("us-gov-west-1", "123456789012", "orders"));
        // us-east-1 is not GovCloud for starting with "us-".
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:orders", FunctionArn.of("us-east-1", "123456789012", "orders"));
    }
}
