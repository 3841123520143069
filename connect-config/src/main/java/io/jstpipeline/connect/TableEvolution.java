package io.jstpipeline.connect;

import io.jstpipeline.mapping.TableDdl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a table that exists differs from its mapping, and what is done about it: a column the mapping added is added;
 * a column the mapping dropped stays, with a warning (its data is the user's); a changed type stops, as converting
 * a column in place can lose data or lock a large table for long.
 *
 * @param added   the mapping's columns the table lacks, in mapping order
 * @param removed the table's columns the mapping no longer has, in table order
 */
public record TableEvolution(String table, List<TableDdl.Column> added, List<DatabaseColumn> removed) {

    /**
     * A column as {@code information_schema.COLUMNS} reports it.
     *
     * @param columnType {@code COLUMN_TYPE}, e.g. {@code int(11)} or {@code varchar(64)}
     * @param hasDefault whether {@code COLUMN_DEFAULT} is set (for a nullable column MariaDB reports {@code NULL})
     */
    public record DatabaseColumn(String name, String columnType, boolean nullable, boolean hasDefault) {
    }

    /** Thrown when a column's type in the table is not the mapping's; the message names each such column. */
    public static final class ColumnTypeChangedException extends IllegalArgumentException {
        ColumnTypeChangedException(String message) {
            super(message);
        }
    }

    public TableEvolution {
        added = List.copyOf(added);
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
        List<String> changed = new ArrayList<>();
        for (TableDdl.Column column : mapped) {
            DatabaseColumn present = byName.get(key(column.name()));
            if (present == null) {
                added.add(column);
            } else if (!normalizedType(present.columnType()).equals(column.type().sql())) {
                changed.add("column " + column.name() + " is " + normalizedType(present.columnType())
                        + " in the table but " + column.type().sql() + " in the mapping");
            }
        }
        if (!changed.isEmpty()) {
            throw new ColumnTypeChangedException("table " + table + ": " + String.join("; ", changed)
                    + ". Types are not changed for you: alter the table, or map the new type under a new column name");
        }
        List<String> mappedNames = mapped.stream().map(c -> key(c.name())).toList();
        return new TableEvolution(table, added,
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

    /** {@code ALTER TABLE … ADD COLUMN} for each added column. */
    public List<String> statements() {
        return added.stream().map(column -> TableDdl.addColumn(table, column)).toList();
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
