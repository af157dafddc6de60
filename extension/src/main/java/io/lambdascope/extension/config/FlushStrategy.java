package io.lambdascope.extension.config;

/** When buffered telemetry is exported: `adaptive` learns the invocation rhythm, `end-of-invocation` exports after every invocation, `periodic` on an interval when the environment is awake, `continuous` from a background thread. */
public enum FlushStrategy implements Choice {
    ADAPTIVE("adaptive"), END_OF_INVOCATION("end-of-invocation"), PERIODIC("periodic"), CONTINUOUS("continuous");

    private final String text;

    FlushStrategy(String text) {
        this.text = text;
    }

    @Override
    public String text() {
        return text;
    }
}
