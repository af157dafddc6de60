package io.lambdascope.extension.secret;

/** Reads a secret's current value from the service that keeps it. */
interface SecretStore {

    /**
     * The secret's value as text.
     *
     * @param reference which secret
     * @return its value
     * @throws SecretException when it cannot be read; the message names the reference and the error, never a value
     */
    String fetch(SecretReference reference);
}
