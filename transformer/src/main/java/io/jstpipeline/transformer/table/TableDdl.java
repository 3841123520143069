package io.jstpipeline.transformer.table;

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
        List<String> lines = new ArrayList<>();
        lines.add(TableMapping.ID_COLUMN + " " + TableMapping.ID_TYPE.sql() + " NOT NULL"
                + comment(table.rowId().toString()));
        for (ColumnMapping column : table.columns()) {
            lines.add(column.name() + " " + column.type().sql() + (column.required() ? " NOT NULL" : " NULL")
                    + (column.comment() == null ? "" : comment(column.comment())));
        }
        lines.add("PRIMARY KEY (" + TableMapping.ID_COLUMN + ")");
        for (List<String> index : table.indexes()) {
            lines.add("KEY idx_" + String.join("_", index) + " (" + String.join(", ", index) + ")");
        }
        return "CREATE TABLE IF NOT EXISTS " + table.name() + " (\n  " + String.join(",\n  ", lines)
                + "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
    }

    private static String comment(String text) {
        return " COMMENT '" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
