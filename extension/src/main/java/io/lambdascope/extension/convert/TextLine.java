package io.lambdascope.extension.convert;

import io.lambdascope.extension.telemetry.LambdaTime;

/**
 * What a plain-text log line says about itself: its level, and for the formats Lambda's runtimes
 * write, its time and request id. Recognised, by a scan of the line's first characters:
 * <ul>
 *   <li>Lambda's text format, {@code <time>\t<requestId>\t<LEVEL>\t<message>} (Node.js and others),
 *       and Python's {@code [LEVEL]\t<time>\t<requestId>\t<message>}: the time, request id and
 *       level are taken and the message alone becomes the body;</li>
 *   <li>a level first, bracketed or not, in any case, followed by a space, a tab, a colon or the
 *       end: {@code [ERROR] ...}, {@code ERROR ...}, {@code WARNING:root:...}, {@code error: ...};</li>
 *   <li>after a leading time, a level among the next few words in capitals:
 *       {@code 2024-05-15 23:58:26 <requestId> ERROR Handler - ...} (log4j's Lambda layout).</li>
 * </ul>
 *
 * @param severity the level, or null
 * @param timeNanos the line's own time, or {@link LambdaTime#INVALID}
 * @param requestId the request id the line names, or null
 * @param message the body: the message of Lambda's format, else the whole line
 */
record TextLine(Severity severity, long timeNanos, String requestId, String message) {

    /** How far into the line a level is looked for after a leading time. */
    private static final int WORDS_AFTER_TIME = 4;

    /**
     * Reads a line; a trailing newline is not part of it.
     *
     * @param raw the record as Lambda sent it
     * @return what the line says
     */
    static TextLine parse(String raw) {
        int end = raw.length();
        while (end > 0 && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        String line = end == raw.length() ? raw : raw.substring(0, end);
        int tab1 = line.indexOf('\t');
        if (tab1 > 0 && tab1 <= 40) {
            TextLine lambda = lambdaFormat(line, tab1);
            if (lambda != null) {
                return lambda;
            }
        }
        return new TextLine(leadingLevel(line), LambdaTime.INVALID, null, line);
    }

    private static TextLine lambdaFormat(String line, int tab1) {
        int tab2 = line.indexOf('\t', tab1 + 1);
        if (tab2 < 0) {
            return null;
        }
        int tab3 = line.indexOf('\t', tab2 + 1);
        int thirdEnd = tab3 < 0 ? line.length() : tab3;
        String message = tab3 < 0 ? "" : line.substring(tab3 + 1);
        // <time>\t<requestId>\t<LEVEL>\t<message>
        long time = LambdaTime.epochNanos(line, 0, tab1);
        if (time != LambdaTime.INVALID) {
            Severity severity = Severity.named(line, tab2 + 1, trimEnd(line, tab2 + 1, thirdEnd), true);
            if (severity != null && plausibleId(line, tab1 + 1, tab2)) {
                return new TextLine(severity, time, requestId(line, tab1 + 1, tab2), message);
            }
            return null;
        }
        // [LEVEL]\t<time>\t<requestId>\t<message>
        if (line.charAt(0) == '[' && line.charAt(tab1 - 1) == ']') {
            Severity severity = Severity.named(line, 1, tab1 - 1, true);
            time = LambdaTime.epochNanos(line, tab1 + 1, tab2);
            if (severity != null && time != LambdaTime.INVALID && plausibleId(line, tab2 + 1, thirdEnd)) {
                return new TextLine(severity, time, requestId(line, tab2 + 1, thirdEnd), message);
            }
        }
        return null;
    }

    /**
     * The request id field, or null where a runtime writes a placeholder outside an invocation
     * (Node.js writes {@code undefined} during init).
     */
    private static String requestId(String line, int from, int to) {
        String id = line.substring(from, to);
        return id.equals("undefined") || id.equals("null") || id.equals("-") ? null : id;
    }

    /** A request id: a few characters with no spaces (Lambda's are UUIDs; tests use words). */
    private static boolean plausibleId(String line, int from, int to) {
        if (to - from < 1 || to - from > 64) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (line.charAt(i) <= ' ') {
                return false;
            }
        }
        return true;
    }

    private static Severity leadingLevel(String line) {
        int length = line.length();
        int at = 0;
        while (at < length && line.charAt(at) == ' ') {
            at++;
        }
        if (at == length) {
            return null;
        }
        Severity first = word(line, at, true);
        if (first != null || !Character.isDigit(line.charAt(at))) {
            return first;
        }
        // A line that starts with a time: the level is among the next words, in capitals.
        for (int words = 0; words < WORDS_AFTER_TIME; words++) {
            while (at < length && !isSpace(line.charAt(at))) {
                at++;
            }
            while (at < length && isSpace(line.charAt(at))) {
                at++;
            }
            if (at == length) {
                return null;
            }
            Severity severity = word(line, at, false);
            if (severity != null) {
                return severity;
            }
        }
        return null;
    }

    /** A level word at {@code at}, bracketed or ended by a space, a tab, a colon or the line's end. */
    private static Severity word(String line, int at, boolean ignoreCase) {
        int length = line.length();
        boolean bracketed = line.charAt(at) == '[';
        int start = bracketed ? at + 1 : at;
        int end = start;
        while (end < length && end - start <= 8 && isLetter(line.charAt(end))) {
            end++;
        }
        if (bracketed) {
            return end < length && line.charAt(end) == ']' ? Severity.named(line, start, end, ignoreCase) : null;
        }
        if (end == length || isSpace(line.charAt(end)) || line.charAt(end) == ':') {
            return Severity.named(line, start, end, ignoreCase);
        }
        return null;
    }

    private static int trimEnd(String line, int from, int to) {
        while (to > from && line.charAt(to - 1) == ' ') {
            to--;
        }
        return to;
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
