package io.lambdascope.sandbox.sink;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the sink misbehaves, to exercise an exporter's retries and timeouts. Immutable; built with
 * the static factories and withers, or parsed from a command-line flag with {@link #parse(String)}.
 *
 * <p>A faulted request is counted as faulted and its payload is not kept: it was not accepted.
 * A fault with a delay and {@link Action#ACCEPT} only slows the sink down; those requests are
 * accepted and kept.
 *
 * @param action what to do with a request
 * @param status the status answered by {@link Action#STATUS}
 * @param retryAfter a {@code Retry-After} to send with {@link Action#STATUS}, {@link Duration#ZERO} for none
 * @param delay how long to wait before answering, {@link Duration#ZERO} for none
 * @param times how many requests the fault applies to, {@link #ALWAYS} for every one
 */
public record Fault(Action action, int status, Duration retryAfter, Duration delay, int times) {

    /** {@link #times} of a fault that never runs out. */
    public static final int ALWAYS = -1;

    /** No fault: every request is accepted at once. */
    public static final Fault NONE = new Fault(Action.ACCEPT, 200, Duration.ZERO, Duration.ZERO, ALWAYS);

    /** What the sink does with a faulted request. */
    public enum Action {
        /** Accept normally (after the delay, if any). */
        ACCEPT,
        /** Answer {@link Fault#status()} without keeping the payload. */
        STATUS,
        /** Read the request and never answer, until the sink closes or the fault is cleared; then close the connection. */
        NEVER_ANSWER,
        /** Read the request and close the connection without answering. */
        RESET
    }

    /** Validates the combination. */
    public Fault {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(delay, "delay");
        if (action == Action.STATUS && (status < 200 || status > 599 || status == 200)) {
            throw new IllegalArgumentException("fault status must be 201..599: " + status);
        }
        if (retryAfter.isNegative() || delay.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative: " + retryAfter + ", " + delay);
        }
        if (times < ALWAYS || times == 0) {
            throw new IllegalArgumentException("times must be positive or ALWAYS: " + times);
        }
    }

    /** Answers {@code status} to every request, e.g. 503 or 500. */
    public static Fault status(int status) {
        return new Fault(Action.STATUS, status, Duration.ZERO, Duration.ZERO, ALWAYS);
    }

    /** Accepts every request after {@code delay}. */
    public static Fault delay(Duration delay) {
        return NONE.delayed(delay);
    }

    /** Reads every request and never answers. */
    public static Fault neverAnswer() {
        return new Fault(Action.NEVER_ANSWER, 200, Duration.ZERO, Duration.ZERO, ALWAYS);
    }

    /** Reads every request and closes the connection without an answer. */
    public static Fault reset() {
        return new Fault(Action.RESET, 200, Duration.ZERO, Duration.ZERO, ALWAYS);
    }

    /** This fault for the next {@code n} requests only; then the sink accepts again. */
    public Fault times(int n) {
        return new Fault(action, status, retryAfter, delay, n);
    }

    /** This fault, waiting {@code wait} before answering. */
    public Fault delayed(Duration wait) {
        return new Fault(action, status, retryAfter, wait, times);
    }

    /** This fault with a {@code Retry-After} header (whole seconds) on its answers, e.g. with 429 or 503. */
    public Fault retryAfter(Duration after) {
        return new Fault(action, status, after, delay, times);
    }

    /** Whether this is {@link #NONE}'s behaviour: accept at once. */
    public boolean none() {
        return action == Action.ACCEPT && delay.isZero();
    }

    /**
     * Parses a command-line fault: an action, then {@code key=value} options, comma-separated.
     * Actions: {@code none}, {@code accept}, an HTTP status ({@code 503}), {@code never-answer}
     * (or {@code hang}), {@code reset}. Options: {@code times=N}, {@code retry-after=SECONDS},
     * {@code delay=DURATION} ({@code 250ms}, {@code 2s}, or an ISO-8601 duration). Examples:
     * {@code 503,times=3}; {@code 429,retry-after=2}; {@code accept,delay=500ms}; {@code reset,times=1}.
     */
    public static Fault parse(String flag) {
        String[] parts = flag.strip().toLowerCase(Locale.ROOT).split("\\s*,\\s*");
        Fault fault = switch (parts[0]) {
            case "none", "accept", "ok" -> NONE;
            case "never-answer", "hang" -> neverAnswer();
            case "reset" -> reset();
            default -> {
                if (!parts[0].matches("\\d{3}")) {
                    throw new IllegalArgumentException("unknown fault \"" + parts[0]
                            + "\": expected none, accept, an HTTP status, never-answer or reset");
                }
                yield status(Integer.parseInt(parts[0]));
            }
        };
        for (int i = 1; i < parts.length; i++) {
            String[] option = parts[i].split("=", 2);
            if (option.length != 2) {
                throw new IllegalArgumentException("fault option must be key=value: \"" + parts[i] + "\"");
            }
            fault = switch (option[0]) {
                case "times" -> fault.times(Integer.parseInt(option[1]));
                case "retry-after" -> fault.retryAfter(Duration.ofSeconds(Long.parseLong(option[1])));
                case "delay" -> fault.delayed(duration(option[1]));
                default -> throw new IllegalArgumentException("unknown fault option \"" + option[0]
                        + "\": expected times, retry-after or delay");
            };
        }
        return fault;
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s") && !text.startsWith("p")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
        }
        return Duration.parse(text.toUpperCase(Locale.ROOT));
    }

    /** The flag form, as {@link #parse(String)} reads it. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(switch (action) {
            case ACCEPT -> delay.isZero() ? "none" : "accept";
            case STATUS -> Integer.toString(status);
            case NEVER_ANSWER -> "never-answer";
            case RESET -> "reset";
        });
        if (times != ALWAYS) {
            text.append(",times=").append(times);
        }
        if (!retryAfter.isZero()) {
            text.append(",retry-after=").append(retryAfter.toSeconds());
        }
        if (!delay.isZero()) {
            text.append(",delay=").append(delay.toMillis()).append("ms");
        }
        return text.toString();
    }
}
