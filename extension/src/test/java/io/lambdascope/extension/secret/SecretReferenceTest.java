package io.lambdascope.extension.secret;

import io.lambdascope.extension.secret.SecretReference.Store;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretReferenceTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:otlp-AbCdEf";

    @Test
    void aSecretsManagerArnNamesItsRegion() {
        assertEquals(new SecretReference(Store.SECRETS_MANAGER, ARN, Optional.empty(), Optional.of("eu-west-1")),
                SecretReference.parse(ARN));
    }

    @Test
    void aKeyFollowsTheLastHash() {
        assertEquals(new SecretReference(Store.SECRETS_MANAGER, ARN, Optional.of("apiKey"), Optional.of("eu-west-1")),
                SecretReference.parse(ARN + "#apiKey"));
        assertEquals(new SecretReference(Store.SECRETS_MANAGER, "prod/otlp", Optional.of("headers"), Optional.empty()),
                SecretReference.parse(" prod/otlp#headers "));
    }

    @Test
    void aNameIsASecretsManagerSecretInTheFunctionsRegion() {
        assertEquals(new SecretReference(Store.SECRETS_MANAGER, "my-secret", Optional.empty(), Optional.empty()),
                SecretReference.parse("my-secret"));
    }

    @Test
    void ssmParametersByPathNameOrArn() {
        assertEquals(new SecretReference(Store.SSM, "/otlp/headers", Optional.empty(), Optional.empty()),
                SecretReference.parse("ssm:/otlp/headers"));
        assertEquals(new SecretReference(Store.SSM, "otlp-token", Optional.of("k"), Optional.empty()),
                SecretReference.parse("ssm:otlp-token#k"));
        String arn = "arn:aws:ssm:us-east-2:123456789012:parameter/otlp/headers";
        assertEquals(new SecretReference(Store.SSM, arn, Optional.empty(), Optional.of("us-east-2")), SecretReference.parse(arn));
    }

    @Test
    void shownAsWritten() {
        assertEquals("ssm:/otlp/headers#k", SecretReference.parse("ssm:/otlp/headers#k").toString());
        assertEquals(ARN + "#apiKey", SecretReference.parse(ARN + "#apiKey").toString());
    }

    @Test
    void failsWhenTheReferenceNamesNothingUsable() {
        assertThrows(SecretException.class, () -> SecretReference.parse("ssm:"));
        assertThrows(SecretException.class, () -> SecretReference.parse("my-secret#"));
        assertThrows(SecretException.class, () -> SecretReference.parse("#key"));
        assertThrows(SecretException.class, () -> SecretReference.parse("arn:aws:secretsmanager:eu-west-1"));
        SecretException other = assertThrows(SecretException.class,
                () -> SecretReference.parse("arn:aws:s3:eu-west-1:123456789012:bucket/key"));
        assertTrue(other.getMessage().contains("neither a Secrets Manager secret nor an SSM parameter"), other.getMessage());
    }
}
