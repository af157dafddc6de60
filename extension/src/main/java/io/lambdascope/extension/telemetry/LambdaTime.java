package io.lambdascope.extension.telemetry;

/**
 * Reads the times Lambda writes into epoch nanoseconds. Lambda writes ISO-8601 in UTC with
 * milliseconds ({@code 2022-10-12T00:00:15.064Z}); its documentation's samples also write a colon
 * before the milliseconds ({@code 12:01:23:521Z}), and log lines from runtimes bring their own
 * variants (a space for the {@code T}, no zone, an offset, up to nine fraction digits). A hand scan
 * instead of {@code java.time} parsing: this runs once or twice for every log line.
 */
public final class LambdaTime {

    /** What {@link #epochNanos} answers when the text is not a time it understands. */
    public static final long INVALID = Long.MIN_VALUE;

    private LambdaTime() {
    }

    /**
     * The time as epoch nanoseconds.
     *
     * @param text the time as written
     * @return nanoseconds since the epoch, or {@link #INVALID}
     */
    public static long epochNanos(CharSequence text) {
        return text == null ? INVALID : epochNanos(text, 0, text.length());
    }

    /**
     * The time written in {@code text} from {@code from} up to {@code to}, as epoch nanoseconds.
     *
     * @return nanoseconds since the epoch, or {@link #INVALID}
     */
    public static long epochNanos(CharSequence text, int from, int to) {
        int length = to - from;
        if (length < 19 || text.charAt(from + 4) != '-' || text.charAt(from + 7) != '-'
                || text.charAt(from + 13) != ':' || text.charAt(from + 16) != ':') {
            return INVALID;
        }
        char separator = text.charAt(from + 10);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            return INVALID;
        }
        int year = digits(text, from, 4);
        int month = digits(text, from + 5, 2);
        int day = digits(text, from + 8, 2);
        int hour = digits(text, from + 11, 2);
        int minute = digits(text, from + 14, 2);
        int second = digits(text, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return INVALID;
        }
        int at = from + 19;
        long fraction = 0;
        if (at < to && (text.charAt(at) == '.' || text.charAt(at) == ',' || text.charAt(at) == ':')) {
            at++;
            int start = at;
            long scale = 100_000_000L;
            while (at < to && isDigit(text.charAt(at))) {
                if (scale > 0) {
                    fraction += (text.charAt(at) - '0') * scale;
                    scale /= 10;
                }
                at++;
            }
            if (at == start) {
                return INVALID;
            }
        }
        long offsetSeconds = 0;
        if (at < to) {
            char zone = text.charAt(at);
            int rest = to - at;
            if ((zone == 'Z' || zone == 'z') && rest == 1) {
                at++;
            } else if ((zone == '+' || zone == '-') && (rest == 6 || rest == 5 || rest == 3)) {
                int hours = digits(text, at + 1, 2);
                int minutes = rest == 3 ? 0 : digits(text, to - 2, 2);
                if (hours < 0 || minutes < 0 || (rest == 6 && text.charAt(at + 3) != ':')) {
                    return INVALID;
                }
                offsetSeconds = (zone == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
            } else {
                return INVALID;
            }
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1_000_000_000L + fraction;
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (the algorithm java.time uses). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        }
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!leap(year)) {
                total--;
            }
        }
        return total - 719_528L;
    }

    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int daysIn(int month, int year) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
