package io.lambdascope.extension.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiJsonTest {

    @Test
    void readsAnInvokeEventAsLambdaSendsIt() throws IOException {
        ApiJson event = ApiJson.read("""
                {"eventType":"INVOKE","deadlineMs":1700000000123,"requestId":"3da1f2dc-3222-475e-9205-e2e6c6318895",
                 "invokedFunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:orders",
                 "tracing":{"type":"X-Amzn-Trace-Id","value":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"},
                 "clientContext":null,"extra":[1,{"deep":"skipped"}]}""");

        assertEquals("INVOKE", event.textOrEmpty("eventType"));
        assertEquals(1_700_000_000_123L, event.number("deadlineMs", 0));
        assertEquals(Optional.of("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
                event.text("tracing.value"));
        assertEquals(Optional.empty(), event.text("clientContext"), "null reads as absent");
        assertEquals(Optional.empty(), event.text("extra.deep"), "arrays are skipped whole");
        assertEquals("", event.textOrEmpty("shutdownReason"));
    }

    @Test
    void aNumberThatIsNotWholeOrAbsentGivesTheFallback() throws IOException {
        ApiJson json = ApiJson.read("{\"deadlineMs\":\"soon\",\"ratio\":0.5}");

        assertEquals(-1, json.number("deadlineMs", -1));
        assertEquals(-1, json.number("ratio", -1));
        assertEquals(-1, json.number("absent", -1));
        assertEquals(Optional.of("0.5"), json.text("ratio"));
    }

    @Test
    void blankIsAnEmptyObjectAndAnythingButAnObjectIsRefused() throws IOException {
        assertEquals("", ApiJson.read("  ").textOrEmpty("eventType"));
        for (String malformed : new String[] {"[]", "\"text\"", "{\"a\":", "{\"a\":1} {}", "{\"a\":1", "nope"}) {
            assertThrows(IOException.class, () -> ApiJson.read(malformed), malformed);
        }
    }

    @Test
    void writtenDocumentsAreJsonWithEveryCharacterEscaped() throws IOException {
        String message = "quote \" backslash \\ newline \n tab \t and \u0001";
        String written = ApiJson.write(json -> {
            json.writeStringField("errorMessage", message);
            json.writeNumberField("count", 3);
        });

        JsonNode read = new ObjectMapper().readTree(written);
        assertEquals(message, read.get("errorMessage").asText());
        assertEquals(3, read.get("count").asInt());
        assertEquals(Optional.of(message), ApiJson.read(written).text("errorMessage"));
    }
}
