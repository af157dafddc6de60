/** The Extensions API (2020-01-01): registration, INVOKE and SHUTDOWN events, error reports. */
package io.lambdascope.sandbox.extensions;
