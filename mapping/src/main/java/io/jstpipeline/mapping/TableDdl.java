package io.jstpipeline.mapping;

import java.util.ArrayList;
import java.util.List;

/** The MySQL table a mapping feeds, as the sink expects to find it. */
public final class TableDdl {

    private TableDdl() {
    }

    /**
     * One column as the table declares it.
     *
     * @param required {@code NOT NULL}
     * @param comment  the DDL comment, or null
     */
    public record Column(String name, ColumnType type, boolean required, String comment) {

        /** As {@code CREATE TABLE} and {@code ADD COLUMN} declare it: {@code name TYPE [NOT] NULL [COMMENT '…']}. */
        public String definition() {
            return name + " " + type.sql() + (required ? " NOT NULL" : " NULL")
                    + (comment == null ? "" : TableDdl.comment(comment));
        }
    }

    /**
     * {@code CREATE TABLE IF NOT EXISTS} with the id first, then the columns in mapping order, one per
     * line; required columns are {@code NOT NULL}. A single statement without a trailing semicolon.
     */
    public static String createTable(TableMapping table) {
        return createTable(table, table.name());
    }

    /** The table's DDL under another name, e.g. for a staging or benchmark copy. */
    public static String createTable(TableMapping table, String name) {
        List<String> lines = definitions(columns(table));
        lines.add("PRIMARY KEY (" + TableMapping.ID_COLUMN + ")");
        for (List<String> index : table.indexes()) {
            lines.add("KEY idx_" + String.join("_", index) + " (" + String.join(", ", index) + ")");
        }
        return create(name, lines);
    }

    /** The history table's name: {@code <table>_history}. */
    public static String historyName(TableMapping table) {
        return table.name() + "_history";
    }

    /**
     * {@code <table>_history}: one row per version of every row, append-only. Its key is the row record's
     * place in Kafka (the sink's {@code mode=append}), so replaying the row topic writes the
     * same history again instead of doubling it.
     */
    public static String createHistoryTable(TableMapping table) {
        List<String> lines = definitions(historyColumns(table));
        lines.add("PRIMARY KEY (__connect_topic, __connect_partition, __connect_offset)");
        lines.add("KEY idx_" + TableMapping.ID_COLUMN + " (" + TableMapping.ID_COLUMN + ")");
        return create(historyName(table), lines);
    }

    /** The table's columns in table order: the id, then the mapping's columns. */
    public static List<Column> columns(TableMapping table) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(TableMapping.ID_COLUMN, TableMapping.ID_TYPE, true, table.rowId().toString()));
        for (ColumnMapping column : table.columns()) {
            columns.add(new Column(column.name(), column.type(), column.required(), column.comment()));
        }
        return columns;
    }

    /** The history table's columns: the row record's place in Kafka, then the table's {@link #columns}. */
    public static List<Column> historyColumns(TableMapping table) {
        List<Column> columns = new ArrayList<>(List.of(
                new Column("__connect_topic", new ColumnType.Text(255), true, null),
                new Column("__connect_partition", new ColumnType.Int(), true, null),
                new Column("__connect_offset", new ColumnType.BigInt(), true, null)));
        columns.addAll(columns(table));
        return columns;
    }

    /** {@code ALTER TABLE … ADD COLUMN} for a column the mapping has and the table not yet. */
    public static String addColumn(String table, Column column) {
        return "ALTER TABLE " + table + " ADD COLUMN " + column.definition();
    }

    /** {@code ALTER TABLE … MODIFY COLUMN}: the column as {@code column} defines it, e.g. with a wider type. */
    public static String modifyColumn(String table, Column column) {
        return "ALTER TABLE " + table + " MODIFY COLUMN " + column.definition();
    }

    private static List<String> definitions(List<Column> columns) {
        return new ArrayList<>(columns.stream().map(Column::definition).toList());
    }

    private static String create(String name, List<String> lines) {
        return "CREATE TABLE IF NOT EXISTS " + name + " (\n  " + String.join(",\n  ", lines)
                + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
    }

    private static String comment(String text) {
        return " COMMENT '" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
