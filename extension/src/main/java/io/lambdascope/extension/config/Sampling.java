package io.lambdascope.extension.config;

import java.util.Locale;

/**
 * Which invocations are traced.
 *
 * @param kind the rule
 * @param ratio the share of invocations kept, 0 to 1; 1 unless the rule is {@link Kind#RATIO}
 */
public record Sampling(Kind kind, double ratio) {

    /** Every invocation: the default. */
    public static final Sampling ALL = new Sampling(Kind.ALL, 1.0);

    /** The sampling rules. */
    public enum Kind {
        /** Trace every invocation. */
        ALL,
        /** Trace what the X-Ray trace header says is sampled. */
        FOLLOW_XRAY,
        /** Trace a share of invocations, decided from the trace id. */
        RATIO
    }

    /** Validates the ratio. */
    public Sampling {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("the ratio must be between 0 and 1");
        }
    }

    static Sampling parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("all")) {
            return ALL;
        }
        if (lower.equals("follow-xray")) {
            return new Sampling(Kind.FOLLOW_XRAY, 1.0);
        }
        if (lower.startsWith("ratio:")) {
            try {
                return new Sampling(Kind.RATIO, Double.parseDouble(lower.substring("ratio:".length()).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the ratio must be a number between 0 and 1");
            }
        }
        throw new IllegalArgumentException("expected all, follow-xray or ratio:<0..1>");
    }
}
