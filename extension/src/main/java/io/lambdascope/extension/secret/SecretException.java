package io.lambdascope.extension.secret;

/**
 * A secret that cannot be read or used. The message names the reference and, for a failed call,
 * the AWS error code; it never holds the secret's value, so it may be logged.
 */
public final class SecretException extends RuntimeException {

    /**
     * A failure.
     *
     * @param message what went wrong, free of the secret's value
     */
    public SecretException(String message) {
        super(message);
    }
}
