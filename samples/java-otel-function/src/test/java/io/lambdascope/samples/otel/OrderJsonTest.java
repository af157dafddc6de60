package io.lambdascope.samples.otel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OrderJsonTest {

    @Test
    void escapesWhatJsonRequiresInAnOrderId() throws IOException {
        String orderId = "a\"b\\c\nd\u0001e/é";

        JsonNode json = new ObjectMapper().readTree(OrderJson.of(orderId, 1587, "4bf92f3577b34da6a3ce929d0e0e4736"));

        assertEquals(orderId, json.get("orderId").asText());
        assertEquals(1587, json.get("totalCents").asLong());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", json.get("traceId").asText());
    }
}
