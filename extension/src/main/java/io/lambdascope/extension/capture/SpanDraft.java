package io.lambdascope.extension.capture;

import io.lambdascope.extension.convert.KeyValues;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What reading an event gave: the span's name, attributes and links, and the caller's context
 * when the event carried one. Attributes whose value is missing are left out, never written empty.
 */
final class SpanDraft {

    private final Trigger trigger;
    private String name;
    private final List<KeyValue> attributes = new ArrayList<>();
    private final List<Span.Link> links = new ArrayList<>();
    private Optional<RemoteParent> parent = Optional.empty();

    SpanDraft(Trigger trigger, String name) {
        this.trigger = trigger;
        this.name = name;
    }

    Trigger trigger() {
        return trigger;
    }

    String name() {
        return name;
    }

    void name(String name) {
        this.name = name;
    }

    List<KeyValue> attributes() {
        return attributes;
    }

    List<Span.Link> links() {
        return links;
    }

    Optional<RemoteParent> parent() {
        return parent;
    }

    void parent(Optional<RemoteParent> parent) {
        this.parent = parent;
    }

    SpanDraft put(String key, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.add(KeyValues.string(key, value));
        }
        return this;
    }

    SpanDraft put(String key, long value) {
        attributes.add(KeyValues.integer(key, value));
        return this;
    }

    SpanDraft put(String key, List<String> values) {
        if (!values.isEmpty()) {
            attributes.add(KeyValues.strings(key, values));
        }
        return this;
    }

    SpanDraft put(KeyValue attribute) {
        attributes.add(attribute);
        return this;
    }
}
