/**
 * JSON documents as immutable trees, read in one pass with Jackson's streaming parser. Start with
 * {@link io.lambdascope.extension.json.JsonValue}.
 *
 * <p>The extension reads every document it receives as a tree (telemetry batches, invocation
 * events and answers, AWS answers, OTLP export responses) and binds none to Java classes. Jackson's
 * data-binding module, whose tree this replaces, is some 350 classes that the AOT cache would load
 * at every start. Each operation keeps the meaning Jackson's {@code JsonNode} gives it, so that
 * what the code reads out of a document is what it read before.
 *
 * <p>A long string of a large document given as bytes is decoded only when read: a body that is
 * only measured ({@link io.lambdascope.extension.json.JsonValue#utf8Length})
 * or cut ({@link io.lambdascope.extension.json.JsonValue#textInPieces}) is never held as text.
 * {@link io.lambdascope.extension.json.Utf8} sizes and cuts text as OTLP limits count it.
 */
package io.lambdascope.extension.json;
