package io.lambdascope.extension.flush;

import io.lambdascope.extension.config.FlushStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.lambdascope.extension.flush.FlushPolicy.Mode.CONTINUOUS;
import static io.lambdascope.extension.flush.FlushPolicy.Mode.END_OF_INVOCATION;
import static io.lambdascope.extension.flush.FlushPolicy.Mode.PERIODIC;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FlushPolicyTest {

    private static final long MS = 1_000_000;

    private static List<FlushPolicy.Mode> modes(FlushStrategy strategy, long... startsMs) {
        FlushPolicy policy = new FlushPolicy(strategy);
        List<FlushPolicy.Mode> modes = new ArrayList<>();
        for (long start : startsMs) {
            modes.add(policy.next(start * MS));
        }
        return modes;
    }

    @Test
    void fixedStrategiesNeverChange() {
        assertEquals(List.of(END_OF_INVOCATION, END_OF_INVOCATION), modes(FlushStrategy.END_OF_INVOCATION, 0, 10));
        assertEquals(List.of(PERIODIC, PERIODIC), modes(FlushStrategy.PERIODIC, 0, 10));
        assertEquals(List.of(CONTINUOUS, CONTINUOUS), modes(FlushStrategy.CONTINUOUS, 0, 10));
    }

    @Test
    void adaptiveExportsTheFirstInvocationsAtTheirEndThenGoesContinuousWhenFrequent() {
        assertEquals(List.of(END_OF_INVOCATION, END_OF_INVOCATION, END_OF_INVOCATION, CONTINUOUS, CONTINUOUS),
                modes(FlushStrategy.ADAPTIVE, 0, 100, 200, 300, 400));
    }

    @Test
    void adaptiveGoesBackToEndOfInvocationAfterAGapAndNeedsARunOfFrequentOnesToReturn() {
        assertEquals(List.of(END_OF_INVOCATION, END_OF_INVOCATION, END_OF_INVOCATION, CONTINUOUS, CONTINUOUS,
                        END_OF_INVOCATION, END_OF_INVOCATION, END_OF_INVOCATION, CONTINUOUS),
                modes(FlushStrategy.ADAPTIVE, 0, 100, 200, 300, 400, 5_000, 5_100, 5_200, 5_300));
    }

    @Test
    void adaptiveStaysAtEndOfInvocationWhenInvocationsAreSparse() {
        assertEquals(List.of(END_OF_INVOCATION, END_OF_INVOCATION, END_OF_INVOCATION, END_OF_INVOCATION, END_OF_INVOCATION),
                modes(FlushStrategy.ADAPTIVE, 0, 1_000, 2_000, 3_000, 4_000));
    }
}
