package io.lambdascope.extension.telemetry;

import io.lambdascope.extension.json.JsonValue;

/**
 * One event of a Telemetry API batch, as Lambda sent it.
 *
 * @param time the event time as Lambda wrote it (ISO-8601; kept as text because Lambda's own
 *             examples vary in format and conversion decides how lenient to be)
 * @param type the event type, such as {@code platform.start} or {@code function}
 * @param record the event's record: an object for platform events, a string or object for log lines
 */
public record TelemetryEvent(String time, String type, JsonValue record) {
}
