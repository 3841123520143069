package io.jstpipeline.common.qimen;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** The gateway's clock: {@code yyyy-MM-dd HH:mm:ss} in China time, for parameters and document fields. */
public final class QimenTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** {@code 2024-01-02 10:00:00}, also with a {@code T} and with fractions of a second. */
    private static final DateTimeFormatter SENT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private static final int[] PLAIN_TIME_DIGITS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

    private QimenTime() {
    }

    public static String format(LocalDateTime time) {
        return FORMAT.format(time);
    }

    public static LocalDateTime parse(String text) {
        return LocalDateTime.parse(text, FORMAT);
    }

    /**
     * A time field of a document in any of the forms the API sends; a zero date ({@code 0000-00-00 00:00:00})
     * is no time and does not parse.
     */
    public static LocalDateTime parseSent(String text) throws DateTimeParseException {
        return isPlainTime(text) ? plainTime(text) : LocalDateTime.parse(text, SENT);
    }

    public static LocalDateTime now() {
        return LocalDateTime.now(ZONE).withNano(0);
    }

    /** {@code yyyy-MM-dd HH:mm:ss}, the form the API almost always sends, read without the formatter's cost. */
    private static boolean isPlainTime(String t) {
        if (t.length() != 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != ' '
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return false;
        }
        for (int i : PLAIN_TIME_DIGITS) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static LocalDateTime plainTime(String t) {
        try {
            return LocalDateTime.of(number(t, 0, 4), number(t, 5, 7), number(t, 8, 10), number(t, 11, 13),
                    number(t, 14, 16), number(t, 17, 19));
        } catch (DateTimeException e) {
            throw new DateTimeParseException(e.getMessage(), t, 0, e);
        }
    }

    private static int number(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }
}
