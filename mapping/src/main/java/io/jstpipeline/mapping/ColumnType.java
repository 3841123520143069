package io.jstpipeline.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A column's SQL type, chosen not guessed: the limits here are the ones rows are validated against. */
public sealed interface ColumnType {

    /** {@code VARCHAR(maxLength)} in utf8mb4: the length counts characters, not bytes. */
    record Text(int maxLength) implements ColumnType {
    }

    /** {@code DECIMAL(precision, scale)}: money arrives as strings and must keep every cent. */
    record Decimal(int precision, int scale) implements ColumnType {
    }

    /** {@code INT}. */
    record Int() implements ColumnType {
    }

    /** {@code BIGINT}: Jushuitan's numeric ids. */
    record BigInt() implements ColumnType {
    }

    /** {@code DATETIME}: China time as the API sends it, no zone shift. */
    record DateTime() implements ColumnType {
    }

    /** {@code TINYINT(1)}. */
    record Bool() implements ColumnType {
    }

    /** The longest VARCHAR a utf8mb4 row can hold. */
    int MAX_TEXT = 16_383;

    /**
     * The type a mapping file names: {@code string(n)}, {@code decimal(p,s)}, {@code int}, {@code bigint},
     * {@code datetime} or {@code boolean}. Called once per column at start-up.
     */
    static ColumnType parse(String spec) {
        String s = spec.replace(" ", "");
        Matcher m;
        if ((m = Pattern.compile("string\\((\\d+)\\)").matcher(s)).matches()) {
            int length = Integer.parseInt(m.group(1));
            if (length < 1 || length > MAX_TEXT) {
                throw new IllegalArgumentException("string length must be 1 to " + MAX_TEXT + ": '" + spec + "'");
            }
            return new Text(length);
        }
        if ((m = Pattern.compile("decimal\\((\\d+),(\\d+)\\)").matcher(s)).matches()) {
            int precision = Integer.parseInt(m.group(1));
            int scale = Integer.parseInt(m.group(2));
            if (precision < 1 || precision > 65 || scale > 30 || scale > precision) {
                throw new IllegalArgumentException("decimal needs 1 <= precision <= 65 and scale <= min(30, precision): '"
                        + spec + "'");
            }
            return new Decimal(precision, scale);
        }
        return switch (s) {
            case "int" -> new Int();
            case "bigint" -> new BigInt();
            case "datetime" -> new DateTime();
            case "boolean" -> new Bool();
            default -> throw new IllegalArgumentException("unknown type '" + spec
                    + "' (expected string(n), decimal(p,s), int, bigint, datetime or boolean)");
        };
    }

    /** The type as a mapping file spells it, which {@link #parse} reads back. */
    default String spec() {
        if (this instanceof Text t) {
            return "string(" + t.maxLength() + ")";
        } else if (this instanceof Decimal d) {
            return "decimal(" + d.precision() + "," + d.scale() + ")";
        } else if (this instanceof Int) {
            return "int";
        } else if (this instanceof BigInt) {
            return "bigint";
        } else if (this instanceof DateTime) {
            return "datetime";
        }
        return "boolean";
    }

    /** The type as MySQL DDL spells it. */
    default String sql() {
        if (this instanceof Text t) {
            return "VARCHAR(" + t.maxLength() + ")";
        } else if (this instanceof Decimal d) {
            return "DECIMAL(" + d.precision() + "," + d.scale() + ")";
        } else if (this instanceof Int) {
            return "INT";
        } else if (this instanceof BigInt) {
            return "BIGINT";
        } else if (this instanceof DateTime) {
            return "DATETIME";
        } else {
            return "TINYINT(1)";
        }
    }
}
