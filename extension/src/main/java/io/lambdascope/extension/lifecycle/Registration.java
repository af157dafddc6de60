package io.lambdascope.extension.lifecycle;

import java.util.Optional;

/**
 * What Lambda answered to the register request.
 *
 * @param extensionId the {@code Lambda-Extension-Identifier} every later call carries
 * @param functionName the function's name
 * @param functionVersion the function's version
 * @param handler the function's handler
 * @param accountId the account, when the {@code accountId} feature was granted
 */
public record Registration(String extensionId, String functionName, String functionVersion, String handler,
                           Optional<String> accountId) {
}
