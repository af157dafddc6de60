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

    private final boolean https;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String shown;
    private final Map<Signal, URI> uris = new EnumMap<>(Signal.class);
    private final Map<Signal, String> targets = new EnumMap<>(Signal.class);
    private final Map<Signal, String> shownPaths = new EnumMap<>(Signal.class);

    /**
     * An endpoint.
     *
     * @param base an absolute http or https URL; {@code /v1/traces} and the others are appended to its path
     */
    ExportEndpoint(URI base) {
        String authority = base.getRawAuthority();
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        https = scheme.equals("https");
        hostHeader = authority.substring(authority.lastIndexOf('@') + 1);
        String name = base.getHost();
        host = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        port = base.getPort() >= 0 ? base.getPort() : https ? 443 : 80;
        shown = scheme + "://" + hostHeader + path;
        String query = base.getRawQuery() == null ? "" : "?" + base.getRawQuery();
        for (Signal signal : Signal.values()) {
            uris.put(signal, URI.create(shown + signal.path() + query));
            targets.put(signal, path + signal.path() + query);
            shownPaths.put(signal, shown + signal.path());
        }
    }

    /** Whether requests go over TLS. */
    boolean https() {
        return https;
    }

    /** The host to connect to: a name, or an address without brackets. */
    String host() {
        return host;
    }

    /** The port to connect to, the scheme's when the URL has none. */
    int port() {
        return port;
    }

    /** The {@code Host} header: the URL's host and port as written, without user info. */
    String hostHeader() {
        return hostHeader;
    }

    /** A signal's request target: the path, query included. */
    String target(Signal signal) {
        return targets.get(signal);
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
