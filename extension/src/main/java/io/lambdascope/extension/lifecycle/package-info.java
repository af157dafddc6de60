/**
 * The extension's side of Lambda's Extensions API: register, wait for INVOKE and SHUTDOWN, report
 * errors. Start with {@link io.lambdascope.extension.lifecycle.ExtensionsApi}.
 */
package io.lambdascope.extension.lifecycle;
