package io.jstpipeline.transformer.row;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jstpipeline.transformer.table.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Turns one API value into the typed value of its column, or says why it cannot. Values arrive as the
 * API sends them: money and weights as strings, flags as booleans, times as China-time strings.
 */
public final class ValueConverter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** {@code 2024-01-02 10:00:00}, also with a {@code T} and with fractions of a second. */
    private static final DateTimeFormatter API_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private ValueConverter() {
    }

    /**
     * The value as it goes into the row's JSON payload: DATETIME as the wall-clock time in epoch
     * milliseconds at UTC (the sink writes it back with {@code use.time.zone=UTC}, so the
     * table shows the time the API sent), DECIMAL with exactly the column's scale.
     */
    public static JsonNode convert(String column, ColumnType type, JsonNode value) throws RowRejected {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NODES.nullNode();
        }
        if (type instanceof ColumnType.Text t) {
            String text = value.isTextual() ? value.textValue() : value.toString();
            if (text.codePointCount(0, text.length()) > t.maxLength()) {
                throw new RowRejected(column, "value of " + text.codePointCount(0, text.length())
                        + " characters exceeds VARCHAR(" + t.maxLength() + ")");
            }
            return NODES.textNode(text);
        }
        if (value.isTextual() && value.textValue().isBlank()) {
            return NODES.nullNode();
        }
        if (type instanceof ColumnType.Decimal d) {
            return NODES.numberNode(decimal(column, d, value));
        } else if (type instanceof ColumnType.Int) {
            return NODES.numberNode((int) integral(column, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        } else if (type instanceof ColumnType.BigInt) {
            return NODES.numberNode(integral(column, value, Long.MIN_VALUE, Long.MAX_VALUE));
        } else if (type instanceof ColumnType.DateTime) {
            return NODES.numberNode(dateTime(column, value).toInstant(ZoneOffset.UTC).toEpochMilli());
        } else {
            return NODES.booleanNode(bool(column, value));
        }
    }

    private static BigDecimal decimal(String column, ColumnType.Decimal type, JsonNode value) throws RowRejected {
        BigDecimal number;
        try {
            number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new RowRejected(column, "not a decimal number: '" + value.asText() + "'");
        }
        try {
            number = number.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new RowRejected(column, number.toPlainString() + " has more than " + type.scale() + " decimals");
        }
        if (number.precision() > type.precision()) {
            throw new RowRejected(column, number.toPlainString() + " exceeds DECIMAL(" + type.precision() + ","
                    + type.scale() + ")");
        }
        return number;
    }

    private static long integral(String column, JsonNode value, long min, long max) throws RowRejected {
        long number;
        try {
            number = value.isIntegralNumber() ? value.longValue() : Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new RowRejected(column, "not an integer: '" + value.asText() + "'");
        }
        if (number < min || number > max || (value.isIntegralNumber() && !value.canConvertToLong())) {
            throw new RowRejected(column, value.asText() + " is out of range");
        }
        return number;
    }

    private static LocalDateTime dateTime(String column, JsonNode value) throws RowRejected {
        try {
            return LocalDateTime.parse(value.asText().trim(), API_TIME);
        } catch (DateTimeParseException e) {
            throw new RowRejected(column, "not a time of the form yyyy-MM-dd HH:mm:ss: '" + value.asText() + "'");
        }
    }

    private static boolean bool(String column, JsonNode value) throws RowRejected {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber() && (value.longValue() == 0 || value.longValue() == 1)) {
            return value.longValue() == 1;
        }
        return switch (value.asText().trim().toLowerCase()) {
            case "true", "1", "y", "yes" -> true;
            case "false", "0", "n", "no" -> false;
            default -> throw new RowRejected(column, "not a boolean: '" + value.asText() + "'");
        };
    }
}
