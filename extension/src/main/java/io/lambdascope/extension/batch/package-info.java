/**
 * Batch: converted OTLP items wait here, one queue per signal, bounded together in memory; the
 * oldest are dropped and counted past the bound. {@link io.lambdascope.extension.batch.ExportRequests}
 * wraps a batch in the resource and scope of an export request.
 */
package io.lambdascope.extension.batch;
