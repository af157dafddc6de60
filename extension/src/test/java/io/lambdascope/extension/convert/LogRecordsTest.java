package io.lambdascope.extension.convert;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.lambdascope.extension.convert.Conversion.attributes;
import static io.lambdascope.extension.convert.Conversion.read;
import static io.lambdascope.extension.convert.FixturesTest.attrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogRecordsTest {

    private static final long OBSERVED = 1_700_000_000_123_000_000L;

    private final LogRecords logs = new LogRecords(10, true);

    private LogRecord text(String line) {
        return logs.line(false, OBSERVED, Conversion.text(line)).record().build();
    }

    private LogRecord json(String json) {
        return logs.line(false, OBSERVED, read(json)).record().build();
    }

    @Test
    void aLongerBodyIsCutOnACharacterBoundaryAndMarked() {
        LogRecord record = text("0123456789€€"); // 10 + 6 bytes
        assertEquals("0123456789", record.getBody().getStringValue());
        assertEquals(attrs("lambdascope.log.source", "function", "lambdascope.log.truncated", true, "lambdascope.log.original_length", 16L),
                attributes(record.getAttributesList()));

        LogRecord split = text("012345678€"); // the euro sign would straddle the limit
        assertEquals("012345678", split.getBody().getStringValue());
        assertEquals(12L, attributes(split.getAttributesList()).get("lambdascope.log.original_length"));
    }

    @Test
    void aBodyAtTheLimitIsKeptWhole() {
        LogRecord record = text("012345678é".substring(0, 9) + "9");
        assertEquals("0123456789", record.getBody().getStringValue());
        assertEquals(attrs("lambdascope.log.source", "function"), attributes(record.getAttributesList()));
        LogRecord accented = text("01234567é"); // 8 + 2 bytes: exactly 10
        assertEquals("01234567é", accented.getBody().getStringValue());
    }

    @Test
    void aHugeLineStaysWithinTheLimit() {
        LogRecords bounded = new LogRecords(32_768, true);
        String huge = "x".repeat(5_000_000);
        LogRecord record = bounded.line(true, OBSERVED, Conversion.text(huge)).record().build();
        assertEquals(32_768, record.getBody().getStringValue().getBytes(StandardCharsets.UTF_8).length);
        assertEquals(5_000_000L, attributes(record.getAttributesList()).get("lambdascope.log.original_length"));
    }

    @Test
    void jsonRecordsKeepTheirOtherFieldsAsAttributes() {
        LogRecord record = json("""
                {"timestamp":"2024-06-01T10:00:00.000Z","level":"ERROR","message":"boom","requestId":"r-1",
                 "errorType":"TypeError","count":3,"ratio":0.5,"ok":false,"nested":{"a":[1,"b"]},"nothing":null}""");
        assertEquals(SeverityNumber.SEVERITY_NUMBER_ERROR, record.getSeverityNumber());
        assertEquals("ERROR", record.getSeverityText());
        assertEquals("boom", record.getBody().getStringValue());
        assertEquals(Map.of("lambdascope.log.source", "function", "errorType", "TypeError", "count", 3L, "ratio", 0.5, "ok", false,
                "nested", Map.of("a", List.of(1L, "b"))), attributes(record.getAttributesList()));
        assertEquals(Conversion.nanos("2024-06-01T10:00:00.000Z"), record.getTimeUnixNano());
        assertEquals(OBSERVED, record.getObservedTimeUnixNano());
        assertEquals("r-1", logs.line(false, OBSERVED, read("{\"requestId\":\"r-1\"}")).requestId());
    }

    @Test
    void jsonLevelsAsRuntimesWriteThem() {
        assertEquals(SeverityNumber.SEVERITY_NUMBER_WARN, json("{\"level\":\"WARNING\"}").getSeverityNumber());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_FATAL, json("{\"level\":\"CRITICAL\"}").getSeverityNumber());
        assertEquals(SeverityNumber.SEVERITY_NUMBER_DEBUG, json("{\"level\":\"debug\"}").getSeverityNumber());
        LogRecord custom = json("{\"level\":\"NOTICE\"}");
        assertEquals(SeverityNumber.SEVERITY_NUMBER_UNSPECIFIED, custom.getSeverityNumber());
        assertEquals("NOTICE", custom.getSeverityText(), "an unknown level is still kept as text");
    }

    @Test
    void aJsonMessageThatIsNotTextBecomesAStructuredBody() {
        LogRecord record = json("{\"level\":\"INFO\",\"message\":{\"event\":\"order\",\"id\":7}}");
        assertEquals(Map.of("event", "order", "id", 7L), Conversion.value(record.getBody()));
    }

    @Test
    void jsonValuesAreBoundedToo() {
        LogRecord record = json("{\"message\":\"0123456789abc\",\"detail\":\"0123456789abc\"}");
        assertEquals("0123456789", record.getBody().getStringValue());
        Map<String, Object> attributes = attributes(record.getAttributesList());
        assertEquals("0123456789", attributes.get("detail"));
        assertEquals(true, attributes.get("lambdascope.log.truncated"));
    }

    @Test
    void manyJsonFieldsAreCappedAndCounted() {
        StringBuilder json = new StringBuilder("{\"message\":\"m\"");
        for (int i = 0; i < LogRecords.MAX_ATTRIBUTES + 6; i++) {
            json.append(",\"f").append(i).append("\":").append(i);
        }
        LogRecord record = json(json.append('}').toString());
        assertEquals(LogRecords.MAX_ATTRIBUTES + 1, record.getAttributesCount(), "the fields kept and the source");
        assertEquals(6, record.getDroppedAttributesCount());
    }

    @Test
    void deepJsonBecomesTextPastTheDepthLimit() {
        LogRecords wide = new LogRecords(10_000, true);
        String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
        LogRecord record = wide.line(false, OBSERVED, read("{\"message\":\"m\",\"deep\":" + deep + "}")).record().build();
        Object value = attributes(record.getAttributesList()).get("deep");
        for (int depth = 0; depth < JsonValues.MAX_DEPTH; depth++) {
            value = ((Map<?, ?>) value).get("a");
        }
        assertEquals("{\"a\":".repeat(12) + "1" + "}".repeat(12), value);
    }

    @Test
    void aBadTimestampFallsBackToTheEventTime() {
        assertEquals(OBSERVED, json("{\"timestamp\":\"yesterday\",\"message\":\"m\"}").getTimeUnixNano());
        assertEquals(OBSERVED, json("{\"timestamp\":12,\"message\":\"m\"}").getTimeUnixNano());
    }

    @Test
    void recordsThatAreNeitherTextNorObjectsAreNotLines() {
        assertNull(logs.line(false, OBSERVED, read("42")));
        assertNull(logs.line(false, OBSERVED, read("[\"a\"]")));
        assertTrue(logs.line(true, OBSERVED, Conversion.text("  {\"resourceLogs\":[]}")) == null, "own lines, even indented");
    }
}
