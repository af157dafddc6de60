package io.lambdascope.extension.convert;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XrayHeaderTest {

    static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    @Test
    void rootAndParentBecomeTheW3cContext() {
        XrayHeader header = XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1").orElseThrow();
        assertEquals(hex("5759e988bd862e3fe1be46a994272793"), header.traceId());
        assertEquals(Optional.of(hex("53995c3f42cd8ad8")), header.parentSpanId());
        assertEquals(Optional.of(true), header.sampled());
    }

    @Test
    void fieldsComeInAnyOrderWithSpacesAndExtraFields() {
        XrayHeader header = XrayHeader.parse(" Sampled=0; Lineage=a87bd80c:1|68fd508a:5 ;Root=1-6352A70E-1E2C502E358361800241FD45").orElseThrow();
        assertEquals(hex("6352a70e1e2c502e358361800241fd45"), header.traceId());
        assertEquals(Optional.empty(), header.parentSpanId());
        assertEquals(Optional.of(false), header.sampled());
    }

    @Test
    void aDeferredDecisionIsNoDecision() {
        assertEquals(Optional.empty(),
                XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?").orElseThrow().sampled());
        assertEquals(Optional.empty(), XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793").orElseThrow().sampled());
    }

    @Test
    void aMalformedParentIsLeftOut() {
        assertEquals(Optional.empty(), XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz").orElseThrow().parentSpanId());
        assertEquals(Optional.empty(),
                XrayHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000").orElseThrow().parentSpanId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Parent=53995c3f42cd8ad8;Sampled=1", "Root=2-5759e988-bd862e3fe1be46a994272793",
            "Root=1-5759e988-bd862e3fe1be46a99427279", "Root=1-5759e98g-bd862e3fe1be46a994272793",
            "Root=1-00000000-000000000000000000000000", "Root", "=;=;", ";;;"})
    void noRootNoContext(String value) {
        assertTrue(XrayHeader.parse(value).isEmpty(), value);
    }

    @Test
    void nullIsNoContext() {
        assertTrue(XrayHeader.parse(null).isEmpty());
    }
}
