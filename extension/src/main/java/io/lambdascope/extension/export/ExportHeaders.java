package io.lambdascope.extension.export;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The configured headers of every export request, checked once. Their values are credentials more
 * often than not: {@link #toString()} shows the names only, and nothing here logs a value.
 */
final class ExportHeaders {

    private static final System.Logger LOG = System.getLogger(ExportHeaders.class.getName());

    private final String[] pairs;
    private final List<String> names;

    private ExportHeaders(String[] pairs, List<String> names) {
        this.pairs = pairs;
        this.names = names;
    }

    /**
     * The headers the JDK client can send. One it refuses (a restricted name such as
     * {@code Connection}, a character not allowed) would fail every request, and the content headers
     * are the exporter's to set: those are left out, each with a warning naming it.
     */
    static ExportHeaders of(Map<String, String> headers) {
        List<String> pairs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("content-encoding")) {
                LOG.log(WARNING, "export header {0} is left out: the exporter sets it from the protocol and compression", name);
                return;
            }
            try {
                HttpRequest.newBuilder().header(name, value);
            } catch (IllegalArgumentException e) {
                // The exception's message may quote the value: it is not logged.
                LOG.log(WARNING, "export header {0} is left out: the HTTP client refuses it (a restricted name, or a character not allowed)",
                        name.replaceAll("\\p{Cntrl}", "?"));
                return;
            }
            pairs.add(name);
            pairs.add(value);
            names.add(name);
        });
        return new ExportHeaders(pairs.toArray(String[]::new), List.copyOf(names));
    }

    /**
     * Headers over others: a name in {@code over} replaces the same name in {@code base}, whatever
     * its case, since HTTP header names are case-insensitive.
     *
     * @param base the configured headers
     * @param over the fetched headers, which win
     * @return both, in order: what is left of {@code base}, then {@code over}
     */
    static Map<String, String> merge(Map<String, String> base, Map<String, String> over) {
        Map<String, String> merged = new LinkedHashMap<>();
        base.forEach((name, value) -> {
            if (over.keySet().stream().noneMatch(name::equalsIgnoreCase)) {
                merged.put(name, value);
            }
        });
        merged.putAll(over);
        return merged;
    }

    /** Adds the headers to a request. */
    void addTo(HttpRequest.Builder request) {
        if (pairs.length > 0) {
            request.headers(pairs);
        }
    }

    /** The header names, without values. */
    List<String> names() {
        return names;
    }

    /** The header names; never the values. */
    @Override
    public String toString() {
        return names.toString();
    }
}
