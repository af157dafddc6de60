package io.lambdascope.extension.lifecycle;

/** A call to the Extensions API failed: the connection broke or Lambda answered with an error. */
public final class ExtensionsApiException extends RuntimeException {

    /**
     * @param message what failed, lowercase
     * @param cause the underlying failure, or {@code null}
     */
    public ExtensionsApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed, lowercase */
    public ExtensionsApiException(String message) {
        super(message);
    }
}
