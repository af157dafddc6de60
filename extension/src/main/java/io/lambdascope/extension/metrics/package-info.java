/**
 * A tiny delta-temporality metric registry: counters, histograms and gauges recorded from any
 * thread and collected as OTLP {@code Metric} messages. Start with
 * {@link io.lambdascope.extension.metrics.MetricRegistry}.
 */
package io.lambdascope.extension.metrics;
