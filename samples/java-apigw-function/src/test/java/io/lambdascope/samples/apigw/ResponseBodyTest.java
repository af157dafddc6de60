package io.lambdascope.samples.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResponseBodyTest {

    @Test
    void writesNumbersAndBooleansBareAndTheRestAsStrings() {
        assertEquals("{\"a\":\"x\",\"b\":7,\"c\":true}", ResponseBody.of(Map.of("c", true, "a", "x", "b", 7)));
    }

    @Test
    void escapesWhatJsonRequires() throws Exception {
        String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 é";

        JsonNode parsed = new ObjectMapper().readTree(ResponseBody.of(Map.of("text", awkward)));

        assertEquals(awkward, parsed.get("text").asText());
    }
}
