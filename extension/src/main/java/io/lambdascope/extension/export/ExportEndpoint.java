package io.lambdascope.extension.export;

import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The OTLP/HTTP base URL and the signal URLs under it, as requested and as shown in messages. The
 * shown form leaves out user info and the query, where some backends take a key.
 */
final class ExportEndpoint {

    private final String shown;
    private final Map<Signal, URI> uris = new EnumMap<>(Signal.class);
    private final Map<Signal, String> shownPaths = new EnumMap<>(Signal.class);

    /**
     * An endpoint.
     *
     * @param base an absolute http or https URL; {@code /v1/traces} and the others are appended to its path
     */
    ExportEndpoint(URI base) {
        String authority = base.getRawAuthority();
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        shown = base.getScheme().toLowerCase(Locale.ROOT) + "://" + authority.substring(authority.lastIndexOf('@') + 1) + path;
        String query = base.getRawQuery() == null ? "" : "?" + base.getRawQuery();
        for (Signal signal : Signal.values()) {
            uris.put(signal, URI.create(shown + signal.path() + query));
            shownPaths.put(signal, shown + signal.path());
        }
    }

    /** Where a signal is sent, query included. */
    URI uri(Signal signal) {
        return uris.get(signal);
    }

    /** A signal's URL for messages. */
    String shown(Signal signal) {
        return shownPaths.get(signal);
    }

    /** The base URL for messages. */
    @Override
    public String toString() {
        return shown;
    }
}
