package io.jstpipeline.mapping;

import java.util.ArrayList;
import java.util.List;

/** The MySQL table a mapping feeds, as the sink expects to find it. */
public final class TableDdl {

    private TableDdl() {
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
        List<String> lines = columns(table);
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
        List<String> lines = new ArrayList<>(List.of(
                "__connect_topic VARCHAR(255) NOT NULL",
                "__connect_partition INT NOT NULL",
                "__connect_offset BIGINT NOT NULL"));
        lines.addAll(columns(table));
        lines.add("PRIMARY KEY (__connect_topic, __connect_partition, __connect_offset)");
        lines.add("KEY idx_" + TableMapping.ID_COLUMN + " (" + TableMapping.ID_COLUMN + ")");
        return create(historyName(table), lines);
    }

    private static List<String> columns(TableMapping table) {
        List<String> lines = new ArrayList<>();
        lines.add(TableMapping.ID_COLUMN + " " + TableMapping.ID_TYPE.sql() + " NOT NULL"
                + comment(table.rowId().toString()));
        for (ColumnMapping column : table.columns()) {
            lines.add(column.name() + " " + column.type().sql() + (column.required() ? " NOT NULL" : " NULL")
                    + (column.comment() == null ? "" : comment(column.comment())));
        }
        return lines;
    }

    private static String create(String name, List<String> lines) {
        return "CREATE TABLE IF NOT EXISTS " + name + " (\n  " + String.join(",\n  ", lines)
                + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
    }

    private static String comment(String text) {
        return " COMMENT '" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
