package io.lambdascope.cdk;

import java.util.Locale;

/** Which invocations are traced (`LAMBDASCOPE_SAMPLING`); dropped spans still count in the metrics. */
public final class Sampling {
    private final String value;

    private Sampling(String value) {
        this.value = value;
    }

    /**
     * Every invocation.
     *
     * @return the sampling
     */
    public static Sampling all() {
        return new Sampling("all");
    }

    /**
     * The sampled flag of the invocation's X-Ray trace header decides.
     *
     * @return the sampling
     */
    public static Sampling followXray() {
        return new Sampling("follow-xray");
    }

    /**
     * A share of the traces, chosen consistently by trace id.
     *
     * @param ratio between 0 and 1
     * @return the sampling
     */
    public static Sampling ratio(double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("lambdascope: the sampling ratio must be between 0 and 1, got " + ratio);
        }
        return new Sampling(String.format(Locale.ROOT, "ratio:%s", ratio));
    }

    /**
     * The value of the variable.
     *
     * @return the value of `LAMBDASCOPE_SAMPLING`
     */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
