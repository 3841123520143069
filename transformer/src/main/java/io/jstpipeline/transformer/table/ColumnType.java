package io.jstpipeline.transformer.table;

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

    static Text text(int maxLength) {
        return new Text(maxLength);
    }

    static Decimal decimal(int precision, int scale) {
        return new Decimal(precision, scale);
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
