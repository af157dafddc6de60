/**
 * A sample Java function behind API Gateway, started by the AWS Lambda Java runtime interface
 * client. Start with {@link io.lambdascope.samples.apigw.ApiGatewayHandler}.
 */
package io.lambdascope.samples.apigw;
