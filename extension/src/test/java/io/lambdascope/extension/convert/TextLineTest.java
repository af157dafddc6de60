package io.lambdascope.extension.convert;

import io.lambdascope.extension.telemetry.LambdaTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TextLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[ERROR] it broke|ERROR",
            "[error] it broke|ERROR",
            "ERROR it broke|ERROR",
            "ERROR: it broke|ERROR",
            "ERROR|ERROR",
            "WARN low disk|WARN",
            "WARNING:root:low disk|WARN",
            "[WARNING] low disk|WARN",
            "INFO started|INFO",
            "info: started|INFO",
            "DEBUG x=1|DEBUG",
            "TRACE enter|TRACE",
            "FATAL out of memory|FATAL",
            "CRITICAL:root:gone|FATAL",
            "SEVERE: bad|ERROR",
            "Error: ENOENT: no such file|ERROR",
            "  [INFO] indented|INFO",
            "2024-05-15 23:58:26 882e9658-570e-4b2f-aaa8-5dfb88f7eccb ERROR Handler - failed|ERROR",
            "2024-05-15 23:58:26.123 [main] WARN  App - slow|WARN",
            "2024-05-15T23:58:26Z DEBUG tick|DEBUG"})
    void findsTheLevelAtTheStart(String line, Severity expected) {
        TextLine parsed = TextLine.parse(line);
        assertEquals(expected, parsed.severity());
        assertEquals(line, parsed.message(), "the body is the whole line");
        assertNull(parsed.requestId());
        assertEquals(LambdaTime.INVALID, parsed.timeNanos());
    }

    @ParameterizedTest
    @ValueSource(strings = {"datadog <3 serverless", "Informational message", "Errors happen", "[extension_api_client] Registering",
            "2024-05-15 23:58:26 processed error count 3", "", "   ", "[INFO", "ERRORS: 3", "2024 was a good year"})
    void noLevelWhereNoneIsWritten(String line) {
        assertNull(TextLine.parse(line).severity(), line);
    }

    @Test
    void lambdasTextFormatGivesTimeRequestIdLevelAndMessage() {
        TextLine line = TextLine.parse("2024-05-15T23:58:26.858Z\t882e9658-570e-4b2f-aaa8-5dfb88f7eccb\tERROR\tInvoke Error \t{\"x\":1}\n");
        assertEquals(Severity.ERROR, line.severity());
        assertEquals(LambdaTime.epochNanos("2024-05-15T23:58:26.858Z"), line.timeNanos());
        assertEquals("882e9658-570e-4b2f-aaa8-5dfb88f7eccb", line.requestId());
        assertEquals("Invoke Error \t{\"x\":1}", line.message());
    }

    @Test
    void pythonsTextFormatGivesTimeRequestIdLevelAndMessage() {
        TextLine line = TextLine.parse("[WARNING]\t2024-05-15T23:58:26.858Z\t882e9658-570e-4b2f-aaa8-5dfb88f7eccb\tlow disk\n");
        assertEquals(Severity.WARN, line.severity());
        assertEquals(LambdaTime.epochNanos("2024-05-15T23:58:26.858Z"), line.timeNanos());
        assertEquals("882e9658-570e-4b2f-aaa8-5dfb88f7eccb", line.requestId());
        assertEquals("low disk", line.message());
    }

    @Test
    void aPlaceholderRequestIdIsNone() {
        TextLine line = TextLine.parse("2024-05-15T23:58:26.858Z\tundefined\tINFO\tloading config\n");
        assertNull(line.requestId());
        assertEquals(Severity.INFO, line.severity());
        assertEquals("loading config", line.message());
    }

    @Test
    void lambdasFormatWithoutAMessageHasAnEmptyBody() {
        TextLine line = TextLine.parse("2024-05-15T23:58:26.858Z\tabc\tINFO");
        assertEquals(Severity.INFO, line.severity());
        assertEquals("abc", line.requestId());
        assertEquals("", line.message());
    }

    @Test
    void tabsThatAreNotLambdasFormatLeaveTheLineWhole() {
        TextLine line = TextLine.parse("col1\tcol2\tcol3\tcol4");
        assertNull(line.severity());
        assertNull(line.requestId());
        assertEquals("col1\tcol2\tcol3\tcol4", line.message());
        TextLine noLevel = TextLine.parse("2024-05-15T23:58:26.858Z\tabc\tHELLO\tmsg");
        assertNull(noLevel.requestId());
        assertEquals("2024-05-15T23:58:26.858Z\tabc\tHELLO\tmsg", noLevel.message());
    }

    @Test
    void theTrailingNewlineIsNotPartOfTheLine() {
        assertEquals("Starting the Telemetry API Extension", TextLine.parse("Starting the Telemetry API Extension\n").message());
        assertEquals("windows", TextLine.parse("windows\r\n").message());
        assertEquals("", TextLine.parse("\n").message());
    }
}
