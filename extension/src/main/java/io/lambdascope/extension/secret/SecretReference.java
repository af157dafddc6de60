package io.lambdascope.extension.secret;

import java.util.Optional;

/**
 * Where the export headers are kept, as {@code LAMBDASCOPE_EXPORT_HEADERS_SECRET} names it:
 * a Secrets Manager secret by ARN or name, or an SSM parameter as {@code ssm:/path}, {@code ssm:name}
 * or its ARN; then optionally {@code #key} to take one string of a secret that is a JSON object.
 *
 * @param store which service keeps it
 * @param id the secret id or parameter name the service is asked for
 * @param key the JSON key whose value is used, if any
 * @param region the region named by an ARN; otherwise the function's own region applies
 */
public record SecretReference(Store store, String id, Optional<String> key, Optional<String> region) {

    /** The services a secret may be kept in. */
    public enum Store {
        /** AWS Secrets Manager, {@code GetSecretValue}. */
        SECRETS_MANAGER,
        /** SSM Parameter Store, {@code GetParameter} with decryption (a SecureString, or a plain String). */
        SSM
    }

    /**
     * Parses a reference.
     *
     * @param text the variable's value
     * @return the reference
     * @throws SecretException when the text names nothing usable
     */
    public static SecretReference parse(String text) {
        String trimmed = text.strip();
        // Neither secret names nor parameter names may hold '#', so the last one starts the key.
        int hash = trimmed.lastIndexOf('#');
        Optional<String> key = Optional.empty();
        if (hash >= 0) {
            String selector = trimmed.substring(hash + 1).strip();
            if (selector.isEmpty()) {
                throw new SecretException("the secret reference " + trimmed + " ends in '#' without a JSON key");
            }
            key = Optional.of(selector);
            trimmed = trimmed.substring(0, hash).strip();
        }
        if (trimmed.startsWith("ssm:")) {
            String name = trimmed.substring("ssm:".length()).strip();
            if (name.isEmpty()) {
                throw new SecretException("the secret reference ssm: names no parameter");
            }
            return new SecretReference(Store.SSM, name, key, Optional.empty());
        }
        if (trimmed.startsWith("arn:")) {
            // arn:partition:service:region:account:resource
            String[] parts = trimmed.split(":", 6);
            if (parts.length < 6 || parts[3].isEmpty() || parts[5].isEmpty()) {
                throw new SecretException("the secret reference " + trimmed + " is not a complete ARN");
            }
            Store store = switch (parts[2]) {
                case "secretsmanager" -> Store.SECRETS_MANAGER;
                case "ssm" -> Store.SSM;
                default -> throw new SecretException("the secret reference " + trimmed
                        + " is neither a Secrets Manager secret nor an SSM parameter");
            };
            return new SecretReference(store, trimmed, key, Optional.of(parts[3]));
        }
        if (trimmed.isEmpty()) {
            throw new SecretException("the secret reference names no secret");
        }
        return new SecretReference(Store.SECRETS_MANAGER, trimmed, key, Optional.empty());
    }

    /** The reference as written, for messages: it names the secret, it holds no value. */
    @Override
    public String toString() {
        return (store == Store.SSM && !id.startsWith("arn:") ? "ssm:" : "") + id + key.map(k -> "#" + k).orElse("");
    }
}
