package io.lambdascope.extension.tags;

import io.lambdascope.extension.aws.AwsService;

/** The unqualified ARN of a function, the resource its tags belong to. */
final class FunctionArn {

    private FunctionArn() {
    }

    /**
     * {@code arn:<partition>:lambda:<region>:<account>:function:<name>}, the partition that of the region.
     *
     * @param region e.g. {@code eu-west-1}
     * @param account the twelve-digit account id
     * @param name the function's name
     * @return the ARN
     */
    static String of(String region, String account, String name) {
        return "arn:" + AwsService.partition(region) + ":lambda:" + region + ":" + account + ":function:" + name;
    }
}
