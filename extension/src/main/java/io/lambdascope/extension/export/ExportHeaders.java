package io.lambdascope.extension.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /** Names that frame the request or the connection, which the exporter does itself. */
    private static final Set<String> FRAMING = Set.of("host", "content-length", "transfer-encoding", "connection", "keep-alive",
            "proxy-connection", "expect", "upgrade", "te", "trailer");

    /**
     * The headers that can be sent. One that cannot (a name that frames the request, such as
     * {@code Connection}; a character HTTP does not allow) would break every request, and the
     * content headers are the exporter's to set: those are left out, each with a warning naming it.
     */
    static ExportHeaders of(Map<String, String> headers) {
        List<String> pairs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type") || lower.equals("content-encoding")) {
                LOG.log(WARNING, "export header {0} is left out: the exporter sets it from the protocol and compression", name);
                return;
            }
            if (FRAMING.contains(lower) || !token(name) || !fieldValue(value)) {
                // Only the name is logged, its control characters replaced: the value may be a credential.
                LOG.log(WARNING, "export header {0} is left out: it frames the request, which the exporter does, "
                        + "or holds a character HTTP does not allow", name.replaceAll("\\p{Cntrl}", "?"));
                return;
            }
            pairs.add(name);
            pairs.add(value);
            names.add(name);
        });
        return new ExportHeaders(pairs.toArray(String[]::new), List.copyOf(names));
    }

    /** Whether a header name is an HTTP token (RFC 9110, 5.6.2). */
    private static boolean token(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a value is sendable as one ISO-8859-1 field value: no control character but the tab. */
    private static boolean fieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
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

    /** Appends the headers to a request head, each with its line end. */
    void appendTo(StringBuilder head) {
        for (int i = 0; i < pairs.length; i += 2) {
            head.append(pairs[i]).append(": ").append(pairs[i + 1]).append("\r\n");
        }
    }

    /** Whether a header of this name is among them, whatever its case. */
    boolean has(String name) {
        return names.stream().anyMatch(name::equalsIgnoreCase);
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
