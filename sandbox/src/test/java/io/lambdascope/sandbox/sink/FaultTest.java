package io.lambdascope.sandbox.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line form of a fault. */
class FaultTest {

    @Test
    void parsesEachAction() {
        assertEquals(Fault.NONE, Fault.parse("none"));
        assertEquals(Fault.status(503).times(3), Fault.parse("503,times=3"));
        assertEquals(Fault.status(429).retryAfter(Duration.ofSeconds(2)), Fault.parse(" 429 , retry-after=2 "));
        assertEquals(Fault.delay(Duration.ofMillis(500)), Fault.parse("accept,delay=500ms"));
        assertEquals(Fault.delay(Duration.ofMillis(1500)), Fault.parse("ok,delay=1.5s"));
        assertEquals(Fault.delay(Duration.ofSeconds(3)), Fault.parse("accept,delay=PT3S"));
        assertEquals(Fault.neverAnswer(), Fault.parse("hang"));
        assertEquals(Fault.neverAnswer(), Fault.parse("never-answer"));
        assertEquals(Fault.reset().times(1), Fault.parse("RESET,times=1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "accept,delay=250ms", "503", "429,times=2,retry-after=5,delay=20ms", "never-answer", "reset,times=4"})
    void printsWhatItParses(String flag) {
        assertEquals(flag, Fault.parse(flag).toString());
        assertEquals(Fault.parse(flag), Fault.parse(Fault.parse(flag).toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"boom", "200", "99", "503,times=0", "503,times=x", "503,retries=2", "503,times", "accept,delay=-1s"})
    void failsOnABadFlag(String flag) {
        assertThrows(IllegalArgumentException.class, () -> Fault.parse(flag));
    }
}
