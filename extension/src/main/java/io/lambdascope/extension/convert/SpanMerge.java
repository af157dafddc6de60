package io.lambdascope.extension.convert;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.HashSet;
import java.util.Set;

/** The platform's invocation span and the proxy's captured one, made one span. */
final class SpanMerge {

    private SpanMerge() {
    }

    /**
     * The platform's span (its times, ids, platform attributes) named and kinded as the trigger
     * says, with the captured attributes it does not have, the captured events and links, and the
     * captured status unless the platform's already is an error.
     */
    static Span merge(Span platform, Span captured) {
        Span.Builder merged = platform.toBuilder().setName(captured.getName()).setKind(captured.getKind());
        Set<String> keys = new HashSet<>();
        platform.getAttributesList().forEach(attribute -> keys.add(attribute.getKey()));
        for (KeyValue attribute : captured.getAttributesList()) {
            if (keys.add(attribute.getKey())) {
                merged.addAttributes(attribute);
            }
        }
        merged.addAllEvents(captured.getEventsList()).addAllLinks(captured.getLinksList());
        if (platform.getStatus().getCode() != Status.StatusCode.STATUS_CODE_ERROR && captured.hasStatus()) {
            merged.setStatus(captured.getStatus());
        }
        return merged.build();
    }
}
