package io.lambdascope.cdk;

/** When the extension exports what it buffered (`LAMBDASCOPE_FLUSH`); see docs/pipeline.md. */
public enum FlushStrategy {
    /** End of invocation while invocations are sparse, continuous while they are frequent. */
    ADAPTIVE("adaptive"),
    /** At the end of every invocation, within the overhead budget: the freshest data, at the cost of time added to each. */
    END_OF_INVOCATION("end-of-invocation"),
    /** Once the flush interval has passed, at the end of the invocation in which it falls due. */
    PERIODIC("periodic"),
    /** In the background every flush interval, and whenever a batch is full: never adds time to an invocation. */
    CONTINUOUS("continuous");

    private final String value;

    FlushStrategy(String value) {
        this.value = value;
    }

    /**
     * The value of the variable.
     *
     * @return the value of `LAMBDASCOPE_FLUSH`
     */
    public String value() {
        return value;
    }
}
