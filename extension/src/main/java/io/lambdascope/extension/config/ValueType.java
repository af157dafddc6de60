package io.lambdascope.extension.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the text of one environment variable becomes a typed value. A parser throws
 * {@link IllegalArgumentException} with a lowercase reason when the text is not a valid value; the
 * reader then reports the variable once and uses its default.
 *
 * @param <T> the parsed value
 * @param name the type as the configuration table shows it
 * @param parser text (already trimmed, never blank) to value
 */
public record ValueType<T>(String name, Function<String, T> parser) {

    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?", Pattern.CASE_INSENSITIVE);

    /**
     * Parses one value.
     *
     * @param text the variable's value, trimmed and not blank
     * @return the value
     * @throws IllegalArgumentException when the text is not a valid value of this type
     */
    public T parse(String text) {
        return parser.apply(text);
    }

    /** {@code true} or {@code false}, in any case; anything else is a mistake, not {@code false}. */
    static ValueType<Boolean> bool() {
        return new ValueType<>("boolean", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    /** A whole number in {@code [min, max]}. */
    static ValueType<Long> integer(long min, long max) {
        return new ValueType<>("integer", text -> inRange(wholeNumber(text), min, max));
    }

    /** A TCP port, 1 to 65535. */
    static ValueType<Integer> port() {
        return new ValueType<>("port", text -> (int) inRange(wholeNumber(text), 1, 65535));
    }

    /** Milliseconds, a whole number in {@code [min, max]}. */
    static ValueType<Duration> millis(long min, long max) {
        return new ValueType<>("milliseconds", text -> Duration.ofMillis(inRange(wholeNumber(text), min, max)));
    }

    /** Bytes: a whole number, optionally with a unit ({@code k}/{@code KiB}, {@code m}/{@code MiB}; powers of 1024). */
    static ValueType<Long> bytes(long min, long max) {
        return new ValueType<>("bytes", text -> {
            Matcher matcher = BYTE_SIZE.matcher(text);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("expected a size in bytes such as 8388608, 512k or 8MiB");
            }
            String unit = Optional.ofNullable(matcher.group(2)).orElse("b").toLowerCase(Locale.ROOT);
            long scale = switch (unit.charAt(0)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1L;
            };
            return inRange(Math.multiplyExact(wholeNumber(matcher.group(1)), scale), min, max);
        });
    }

    /** An absolute http or https URL with a host. */
    static ValueType<URI> httpUri() {
        return new ValueType<>("URL", text -> {
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + e.getReason());
            }
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("only http and https URLs are supported");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("the URL has no host");
            }
            return uri;
        });
    }

    /**
     * A header list as {@code OTEL_EXPORTER_OTLP_HEADERS} writes it: {@code k=v,k2=v2}, keys and
     * values percent-decoded, blank entries ignored.
     */
    static ValueType<Map<String, String>> keyValueList() {
        return new ValueType<>("key=value list", text -> {
            Map<String, String> pairs = new LinkedHashMap<>();
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.indexOf('=');
                if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                    throw new IllegalArgumentException("expected key=value pairs separated by commas");
                }
                pairs.put(percentDecoded(entry.substring(0, equals).trim()), percentDecoded(entry.substring(equals + 1).trim()));
            }
            return Collections.unmodifiableMap(pairs);
        });
    }

    /** Comma-separated names, trimmed and lowercased. */
    static ValueType<List<String>> nameList() {
        return new ValueType<>("name list", text -> {
            List<String> names = new ArrayList<>();
            for (String name : text.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim().toLowerCase(Locale.ROOT));
                }
            }
            return List.copyOf(names);
        });
    }

    /** Comma-separated choices, each one of the given constants, without repeats. */
    static <E extends Enum<E> & Choice> ValueType<List<E>> choiceList(Class<E> type) {
        ValueType<E> one = choice(type);
        return new ValueType<>("list of " + one.name(), text -> {
            List<E> values = new ArrayList<>();
            for (String name : text.split(",")) {
                E value = one.parse(name.trim());
                if (!values.contains(value)) {
                    values.add(value);
                }
            }
            return List.copyOf(values);
        });
    }

    /** One of the given constants, by its {@link Choice#text() text}, in any case. */
    static <E extends Enum<E> & Choice> ValueType<E> choice(Class<E> type) {
        List<String> texts = java.util.Arrays.stream(type.getEnumConstants()).map(Choice::text).toList();
        return new ValueType<>(String.join(" | ", texts.stream().map(t -> "`" + t + "`").toList()), text -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.text().equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("expected one of " + String.join(", ", texts));
        });
    }

    /** A regular expression, compiled to find mistakes at start rather than at first use. */
    static ValueType<Pattern> regex() {
        return new ValueType<>("regex", text -> {
            try {
                return Pattern.compile(text);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a regular expression: " + e.getDescription());
            }
        });
    }

    /** Base64 text, checked to decode. */
    static ValueType<String> base64() {
        return new ValueType<>("base64", text -> {
            try {
                Base64.getDecoder().decode(text.replaceAll("\\s", ""));
                return text;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not base64");
            }
        });
    }

    /** Any text. */
    static ValueType<String> text() {
        return new ValueType<>("text", text -> text);
    }

    /** The sampling rule: {@code all}, {@code follow-xray} or {@code ratio:<0..1>}. */
    static ValueType<Sampling> sampling() {
        return new ValueType<>("`all` | `follow-xray` | `ratio:<0..1>`", Sampling::parse);
    }

    /** The same type whose value may be absent: the default of a setting with no default. */
    static <T> ValueType<Optional<T>> optional(ValueType<T> type) {
        return new ValueType<>(type.name(), text -> Optional.of(type.parse(text)));
    }

    private static long wholeNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    private static long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(max == Long.MAX_VALUE
                    ? "must be at least " + min
                    : "must be between " + min + " and " + max);
        }
        return value;
    }

    private static String percentDecoded(String text) {
        // URLDecoder would also turn '+' into a space, which W3C baggage-style lists do not do.
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad percent-encoding");
        }
    }
}
