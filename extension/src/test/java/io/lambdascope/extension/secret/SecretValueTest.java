package io.lambdascope.extension.secret;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretValueTest {

    private static final SecretReference PLAIN = SecretReference.parse("otlp");
    private static final SecretReference KEYED = SecretReference.parse("otlp#apiKey");

    @Test
    void aBareTokenIsABearerToken() {
        assertEquals(Map.of("Authorization", "Bearer t0k-en.1"), SecretValue.headers(PLAIN, " t0k-en.1\n"));
    }

    @Test
    void base64PaddingDoesNotMakeAHeaderList() {
        assertEquals(Map.of("Authorization", "Bearer YWJjZA=="), SecretValue.headers(PLAIN, "YWJjZA=="));
    }

    @Test
    void aValueWithEqualsIsAHeaderListInItsOrder() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("x-api-key", "abc=");
        expected.put("x-tenant", "a b");
        assertEquals(List.copyOf(expected.entrySet()),
                List.copyOf(SecretValue.headers(PLAIN, "x-api-key=abc%3D, x-tenant=a%20b").entrySet()));
    }

    @Test
    void aKeySelectsAStringOfAJsonObject() {
        assertEquals(Map.of("Authorization", "Bearer tok"), SecretValue.headers(KEYED, "{\"apiKey\":\"tok\",\"other\":\"x\"}"));
        assertEquals(Map.of("x-honeycomb-team", "k"),
                SecretValue.headers(SecretReference.parse("otlp#headers"), "{\"headers\":\"x-honeycomb-team=k\"}"));
    }

    @Test
    void failsWhenAJsonObjectHasNoKeyNamedAndListsItsKeysOnly() {
        SecretException e = assertThrows(SecretException.class,
                () -> SecretValue.headers(PLAIN, "{\"apiKey\":\"v4lue-1\",\"region\":\"v4lue-2\"}"));
        assertTrue(e.getMessage().contains("[apiKey, region]"), e.getMessage());
        assertTrue(e.getMessage().contains("otlp#<key>"), e.getMessage());
        assertFalse(e.getMessage().contains("v4lue"), e.getMessage());
    }

    @Test
    void failsWhenTheKeyIsMissingOrNotAString() {
        SecretException missing = assertThrows(SecretException.class, () -> SecretValue.headers(KEYED, "{\"token\":\"v4lue\"}"));
        assertTrue(missing.getMessage().contains("no key apiKey (its keys: [token])"), missing.getMessage());
        assertFalse(missing.getMessage().contains("v4lue"));
        SecretException number = assertThrows(SecretException.class, () -> SecretValue.headers(KEYED, "{\"apiKey\":12345}"));
        assertTrue(number.getMessage().contains("number"), number.getMessage());
        assertFalse(number.getMessage().contains("12345"));
    }

    @Test
    void failsWhenAKeyIsNamedButTheValueIsNotJson() {
        SecretException e = assertThrows(SecretException.class, () -> SecretValue.headers(KEYED, "{\"apiKey\": v4lue"));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        assertFalse(e.getMessage().contains("v4lue"));
    }

    @Test
    void failsWhenTheValueIsEmptyOrNeitherForm() {
        assertThrows(SecretException.class, () -> SecretValue.headers(PLAIN, "  \n"));
        SecretException spaced = assertThrows(SecretException.class, () -> SecretValue.headers(PLAIN, "two w0rds"));
        assertFalse(spaced.getMessage().contains("w0rds"));
        SecretException list = assertThrows(SecretException.class, () -> SecretValue.headers(PLAIN, "=v4lue,x"));
        assertFalse(list.getMessage().contains("v4lue"));
    }
}
