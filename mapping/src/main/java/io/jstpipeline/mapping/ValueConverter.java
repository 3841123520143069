package io.jstpipeline.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.qimen.QimenTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns one API value into the typed value of its column, or says why it cannot. Values arrive as the
 * API sends them: money and weights as strings, flags as booleans, times as China-time strings.
 *
 * <p>Cleaning comes first: text loses its control characters (all but tab and line feed, which messages
 * and remarks use) and surrounding whitespace. What is then empty counts as absent, for every type, string
 * columns included: the column's default replaces it, else it is NULL, or a rejection when required.
 */
public final class ValueConverter {

    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n]]");
    /** An amount with thousands separators, as ERPs export them: {@code -1,234,567.50}. */
    private static final Pattern GROUPED = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d*)?");

    private ValueConverter() {
    }

    /** Text without control characters and surrounding whitespace. */
    public static String clean(String text) {
        // Most text has no control character: skip the regex for it (it was the transformer's top cost).
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n') {
                return CONTROL.matcher(text).replaceAll("").strip();
            }
        }
        return text.strip();
    }

    /** A time in any of the forms the API sends. */
    public static LocalDateTime parseTime(String text) throws DateTimeParseException {
        return QimenTime.parseSent(clean(text));
    }

    /**
     * The value as it goes into the row: {@link String}, {@link BigDecimal} with exactly the column's scale,
     * {@link Integer}, {@link Long}, {@link Boolean} or null. DATETIME is a {@link Long}: the wall-clock time
     * in epoch milliseconds at UTC (the sink writes it back with {@code use.time.zone=UTC}, so the table
     * shows the time the API sent). A value that does not fit gets the column's {@link ColumnMapping#invalid}
     * rule: rejected, or NULL or cut and added to {@code cleaned}.
     */
    public static Object convert(ColumnMapping column, JsonNode value, List<CleanedValue> cleaned)
            throws RowRejected {
        Object present = present(value);
        if (present == null && column.defaultValue() != null) {
            present = column.defaultValue();
        }
        if (present == null) {
            if (column.required()) {
                throw new RowRejected(column.name(), "required value is missing or empty");
            }
            return null;
        }
        try {
            return typed(column, present);
        } catch (RowRejected e) {
            if (column.invalid() == ColumnMapping.Invalid.REJECT) {
                throw e;
            }
            String sent = asText(column, present);
            cleaned.add(new CleanedValue(column, sent, e.getMessage()));
            return column.invalid() == ColumnMapping.Invalid.NULL ? null
                    : sent.substring(0, sent.offsetByCodePoints(0, ((ColumnType.Text) column.type()).maxLength()));
        }
    }

    /**
     * The value, or null when it is absent or empty: text as its cleaned String (no node made for it, this
     * runs for every column of every row), anything else as the node the API sent.
     */
    private static Object present(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isTextual()) {
            return value;
        }
        String text = clean(value.textValue());
        return text.isEmpty() ? null : text;
    }

    /** {@code value} is a String or a non-textual node, as {@link #present} gives it. */
    private static Object typed(ColumnMapping column, Object value) throws RowRejected {
        String name = column.name();
        ColumnType type = column.type();
        if (type instanceof ColumnType.Text t) {
            return text(name, t, asText(column, value));
        } else if (type instanceof ColumnType.Decimal d) {
            return decimal(name, d, value);
        } else if (type instanceof ColumnType.Int) {
            return (int) integral(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } else if (type instanceof ColumnType.BigInt) {
            return integral(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
        } else if (type instanceof ColumnType.DateTime) {
            return dateTime(name, value).toInstant(ZoneOffset.UTC).toEpochMilli();
        } else {
            return bool(name, value);
        }
    }

    private static String asText(Object value) {
        return value instanceof JsonNode node ? node.asText() : (String) value;
    }

    /** The value as text; into a string column an object or array goes as its JSON. */
    private static String asText(ColumnMapping column, Object value) {
        boolean container = value instanceof JsonNode node && !node.isValueNode();
        return container && column.type() instanceof ColumnType.Text ? value.toString() : asText(value);
    }

    private static String text(String column, ColumnType.Text type, String text) throws RowRejected {
        int length = text.codePointCount(0, text.length());
        if (length > type.maxLength()) {
            throw new RowRejected(column, "value of " + length + " characters exceeds " + type.sql());
        }
        return text;
    }

    private static BigDecimal decimal(String column, ColumnType.Decimal type, Object value) throws RowRejected {
        BigDecimal number;
        try {
            number = value instanceof JsonNode node && node.isNumber()
                    ? node.decimalValue() : new BigDecimal(withoutThousandsSeparators(asText(value)));
        } catch (NumberFormatException e) {
            throw new RowRejected(column, "not a decimal number: '" + asText(value) + "'");
        }
        try {
            number = number.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new RowRejected(column, number.toPlainString() + " has more than " + type.scale() + " decimals");
        }
        if (number.precision() > type.precision()) {
            throw new RowRejected(column, number.toPlainString() + " exceeds " + type.sql());
        }
        return number;
    }

    /** {@code 1,234.50} as {@code 1234.50}; commas anywhere but between groups of three digits stay, and fail. */
    private static String withoutThousandsSeparators(String amount) {
        return amount.indexOf(',') >= 0 && GROUPED.matcher(amount).matches() ? amount.replace(",", "") : amount;
    }

    private static long integral(String column, Object value, long min, long max) throws RowRejected {
        JsonNode integral = value instanceof JsonNode node && node.isIntegralNumber() ? node : null;
        long number;
        try {
            number = integral != null ? integral.longValue() : Long.parseLong(asText(value));
        } catch (NumberFormatException e) {
            throw new RowRejected(column, "not an integer: '" + asText(value) + "'");
        }
        if (number < min || number > max || (integral != null && !integral.canConvertToLong())) {
            throw new RowRejected(column, asText(value) + " is out of range");
        }
        return number;
    }

    private static LocalDateTime dateTime(String column, Object value) throws RowRejected {
        try {
            return parseTime(asText(value));
        } catch (DateTimeParseException e) {
            throw new RowRejected(column, "not a time of the form yyyy-MM-dd HH:mm:ss: '" + asText(value) + "'");
        }
    }

    private static boolean bool(String column, Object value) throws RowRejected {
        if (value instanceof JsonNode node) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber() && (node.longValue() == 0 || node.longValue() == 1)) {
                return node.longValue() == 1;
            }
        }
        return switch (asText(value).toLowerCase()) {
            case "true", "1", "y", "yes" -> true;
            case "false", "0", "n", "no" -> false;
            default -> throw new RowRejected(column, "not a boolean: '" + asText(value) + "'");
        };
    }
}
