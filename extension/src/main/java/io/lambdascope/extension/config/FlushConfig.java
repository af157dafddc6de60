package io.lambdascope.extension.config;

import java.time.Duration;

/**
 * When buffered telemetry is exported and how much may be buffered.
 *
 * @param strategy when to flush
 * @param interval interval of the periodic and continuous strategies
 * @param batchMaxItems most items per export batch
 * @param batchJitterItems random reduction of the batch size
 * @param bufferMaxBytes memory bound of everything buffered
 * @param overheadBudget most time added to one invocation after the runtime is done
 * @param shutdownFlush share of the shutdown window used for the final flush
 */
public record FlushConfig(FlushStrategy strategy, Duration interval, long batchMaxItems, long batchJitterItems,
                          long bufferMaxBytes, Duration overheadBudget, Duration shutdownFlush) {
}
