package io.jstpipeline.bench;

import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.jdbcsink.RowStatements;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.ColumnType;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code INSERT … ON DUPLICATE KEY UPDATE} of a mapped table's rows, one or many rows per statement, bound
 * from the same typed values the transformer puts on the row topics, straight from memory.
 */
final class UpsertStatement {

    private final String table;
    private final List<ColumnMapping> columns;
    private final List<String> versionColumns;

    /** The sink's own statement: guarded by the table's version columns. */
    static UpsertStatement guarded(TableMapping mapping, String table) {
        return new UpsertStatement(mapping, table, SinkConnectors.versionColumns(mapping));
    }

    /** The statement before the guard: the last row written wins. */
    static UpsertStatement plain(TableMapping mapping, String table) {
        return new UpsertStatement(mapping, table, List.of());
    }

    private UpsertStatement(TableMapping mapping, String table, List<String> versionColumns) {
        this.table = table;
        this.columns = mapping.columns();
        this.versionColumns = versionColumns;
    }

    /** The statement for {@code rows} rows. */
    String sql(int rows) {
        List<String> names = new ArrayList<>();
        names.add(TableMapping.ID_COLUMN);
        columns.forEach(c -> names.add(c.name()));
        return RowStatements.upsert(table, names, 1, versionColumns, rows);
    }

    /** Binds one row from parameter {@code first} on; returns the next free parameter. */
    int bind(PreparedStatement statement, int first, DocumentFlattener.Row row) throws SQLException {
        int i = first;
        statement.setString(i++, row.id());
        Object[] values = row.values();
        for (int c = 0; c < values.length; c++) {
            bind(statement, i++, columns.get(c).type(), values[c]);
        }
        return i;
    }

    private static void bind(PreparedStatement statement, int i, ColumnType type, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(i, Types.NULL);
        } else if (type instanceof ColumnType.Text) {
            statement.setString(i, (String) value);
        } else if (type instanceof ColumnType.Decimal) {
            statement.setBigDecimal(i, (BigDecimal) value);
        } else if (type instanceof ColumnType.Int) {
            statement.setInt(i, (Integer) value);
        } else if (type instanceof ColumnType.BigInt) {
            statement.setLong(i, (Long) value);
        } else if (type instanceof ColumnType.DateTime) {
            // The row holds the China wall-clock time as epoch milliseconds at UTC (see ValueConverter); bound as
            // the sink binds it.
            statement.setString(i, RowStatements.dateTime((Long) value));
        } else {
            statement.setBoolean(i, (Boolean) value);
        }
    }
}
