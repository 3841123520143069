package io.jstpipeline.connect;

import io.jstpipeline.mapping.ColumnType;
import io.jstpipeline.mapping.TableDdl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a table that exists differs from its mapping, and what is done about it: a column the mapping added is added;
 * a column the mapping widened (a longer {@code VARCHAR}, a {@code DECIMAL} with at least as many digits before and
 * after the point, {@code INT} to {@code BIGINT}) is modified, as every value it holds fits the wider type; a column
 * the mapping dropped stays, with a warning (its data is the user's); any other changed type stops, as converting a
 * column in place can lose data or lock a large table for long.
 *
 * @param added   the mapping's columns the table lacks, in mapping order
 * @param widened the columns whose type the mapping widened, in mapping order
 * @param removed the table's columns the mapping no longer has, in table order
 */
public record TableEvolution(String table, List<TableDdl.Column> added, List<Widening> widened,
                             List<DatabaseColumn> removed) {

    /**
     * A column as {@code information_schema.COLUMNS} reports it.
     *
     * @param columnType {@code COLUMN_TYPE}, e.g. {@code int(11)} or {@code varchar(64)}
     * @param hasDefault whether {@code COLUMN_DEFAULT} is set (for a nullable column MariaDB reports {@code NULL})
     */
    public record DatabaseColumn(String name, String columnType, boolean nullable, boolean hasDefault) {
    }

    /**
     * A column the mapping widened.
     *
     * @param to the column as it is to be: the mapping's type, the table's nullability (only the type changes)
     */
    public record Widening(DatabaseColumn from, TableDdl.Column to) {
    }

    /** Thrown when a column's type in the table is not the mapping's; the message names each such column. */
    public static final class ColumnTypeChangedException extends IllegalArgumentException {
        ColumnTypeChangedException(String message) {
            super(message);
        }
    }

    public TableEvolution {
        added = List.copyOf(added);
        widened = List.copyOf(widened);
        removed = List.copyOf(removed);
    }

    /**
     * @param mapped   the columns the mapping declares ({@link TableDdl#columns})
     * @param existing the table's columns
     * @throws ColumnTypeChangedException when any column the two share has another type in the table
     */
    public static TableEvolution compare(String table, List<TableDdl.Column> mapped, List<DatabaseColumn> existing) {
        // MySQL column names are case-insensitive.
        Map<String, DatabaseColumn> byName = existing.stream()
                .collect(Collectors.toMap(c -> key(c.name()), Function.identity()));
        List<TableDdl.Column> added = new ArrayList<>();
        List<Widening> widened = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (TableDdl.Column column : mapped) {
            DatabaseColumn present = byName.get(key(column.name()));
            if (present == null) {
                added.add(column);
            } else if (normalizedType(present.columnType()).equals(column.type().sql())) {
                continue;
            } else if (widens(normalizedType(present.columnType()), column.type())) {
                widened.add(new Widening(present, new TableDdl.Column(column.name(), column.type(), !present.nullable(),
                        column.comment())));
            } else {
                changed.add("column " + column.name() + " is " + normalizedType(present.columnType())
                        + " in the table but " + column.type().sql() + " in the mapping");
            }
        }
        if (!changed.isEmpty()) {
            throw new ColumnTypeChangedException("table " + table + ": " + String.join("; ", changed)
                    + ". Only widening is done for you (a longer VARCHAR, a DECIMAL with as many digits before and after "
                    + "the point or more, INT to BIGINT): alter the table, or map the new type under a new column name");
        }
        List<String> mappedNames = mapped.stream().map(c -> key(c.name())).toList();
        return new TableEvolution(table, added, widened,
                existing.stream().filter(c -> !mappedNames.contains(key(c.name()))).toList());
    }

    /**
     * {@code COLUMN_TYPE} as {@link io.jstpipeline.mapping.ColumnType#sql} spells it: upper case, no spaces after
     * commas, and no display width on {@code INT} and {@code BIGINT}, which MariaDB and MySQL before 8.0.19 report
     * ({@code int(11)}) and later MySQL does not; {@code TINYINT(1)} keeps its width on both, it marks a boolean.
     */
    static String normalizedType(String columnType) {
        return columnType.trim().toUpperCase(Locale.ROOT).replaceAll("\\s*,\\s*", ",")
                .replaceFirst("^(INT|BIGINT)\\(\\d+\\)", "$1");
    }

    private static final Pattern VARCHAR = Pattern.compile("VARCHAR\\((\\d+)\\)");
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

    /** Whether every value of the table's type {@code existing} (normalized) fits {@code mapped}. */
    private static boolean widens(String existing, ColumnType mapped) {
        Matcher m;
        if (mapped instanceof ColumnType.Text text && (m = VARCHAR.matcher(existing)).matches()) {
            return text.maxLength() > Integer.parseInt(m.group(1));
        }
        if (mapped instanceof ColumnType.Decimal decimal && (m = DECIMAL.matcher(existing)).matches()) {
            int precision = Integer.parseInt(m.group(1));
            int scale = Integer.parseInt(m.group(2));
            return decimal.scale() >= scale && decimal.precision() - decimal.scale() >= precision - scale;
        }
        return mapped instanceof ColumnType.BigInt && existing.equals("INT");
    }

    /** {@code ALTER TABLE … ADD COLUMN} for each added column, {@code MODIFY COLUMN} for each widened one. */
    public List<String> statements() {
        return Stream.concat(added.stream().map(column -> TableDdl.addColumn(table, column)),
                widened.stream().map(widening -> TableDdl.modifyColumn(table, widening.to()))).toList();
    }

    /** One line per removed column, naming the table and the column. */
    public List<String> warnings() {
        return removed.stream().map(column -> "table " + table + " keeps column " + column.name()
                + ", which the mapping no longer has: left as it is, " + (column.nullable() || column.hasDefault()
                ? "new rows leave it NULL or its default"
                : "but it is NOT NULL without a default, so the database refuses every new row until it is dropped "
                        + "or made NULL (ALTER TABLE " + table + " MODIFY " + column.name() + " "
                        + column.columnType() + " NULL)")).toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
