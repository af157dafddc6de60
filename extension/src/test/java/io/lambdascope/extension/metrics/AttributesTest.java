package io.lambdascope.extension.metrics;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttributesTest {

    @Test
    void equalByContentWhateverTheOrder() {
        Attributes one = Attributes.of("b", "2", "a", "1");
        Attributes two = Attributes.of("a", "1").with("b", "2");
        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());
        assertNotEquals(one, Attributes.of("a", "1"));
    }

    @Test
    void withReplacesAnExistingKey() {
        assertEquals(Attributes.of("a", "2"), Attributes.of("a", "1").with("a", "2"));
    }

    @Test
    void valuesKeepTheirTypeInProto() {
        List<KeyValue> values = Attributes.empty()
                .with("s", "x").with("i", 3).with("l", 4L).with("b", true).with("d", 1.5).with("f", 0.5f)
                .toProto();
        assertEquals(List.of(
                KeyValue.newBuilder().setKey("b").setValue(AnyValue.newBuilder().setBoolValue(true)).build(),
                KeyValue.newBuilder().setKey("d").setValue(AnyValue.newBuilder().setDoubleValue(1.5)).build(),
                KeyValue.newBuilder().setKey("f").setValue(AnyValue.newBuilder().setDoubleValue(0.5)).build(),
                KeyValue.newBuilder().setKey("i").setValue(AnyValue.newBuilder().setIntValue(3)).build(),
                KeyValue.newBuilder().setKey("l").setValue(AnyValue.newBuilder().setIntValue(4)).build(),
                KeyValue.newBuilder().setKey("s").setValue(AnyValue.newBuilder().setStringValue("x")).build()),
                values);
        assertEquals(Attributes.empty().with("i", 3), Attributes.empty().with("i", 3L), "whole numbers are longs");
    }

    @Test
    void otherValueTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Attributes.empty().with("x", new Object()));
        assertThrows(NullPointerException.class, () -> Attributes.empty().with("x", null));
        assertTrue(Attributes.empty().isEmpty());
    }
}
