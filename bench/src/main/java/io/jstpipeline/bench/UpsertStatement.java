package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.connect.sink.RowStatements;
import io.jstpipeline.transformer.table.ColumnMapping;
import io.jstpipeline.transformer.table.ColumnType;
import io.jstpipeline.transformer.table.TableMapping;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code INSERT … ON DUPLICATE KEY UPDATE} of a mapped table's rows, one or many rows per statement, bound
 * from the same typed payloads the transformer puts on the row topics, straight from memory.
 */
final class UpsertStatement {

    private final String table;
    private final List<ColumnMapping> columns;

    UpsertStatement(TableMapping mapping, String table) {
        this.table = table;
        this.columns = mapping.columns();
    }

    /** The statement for {@code rows} rows: the sink's own. */
    String sql(int rows) {
        List<String> names = new ArrayList<>();
        names.add(TableMapping.ID_COLUMN);
        columns.forEach(c -> names.add(c.name()));
        return RowStatements.upsert(table, names, 1, rows);
    }

    /** Binds one row's payload from parameter {@code first} on; returns the next free parameter. */
    int bind(PreparedStatement statement, int first, ObjectNode payload) throws SQLException {
        int i = first;
        statement.setString(i++, payload.get(TableMapping.ID_COLUMN).asText());
        for (ColumnMapping column : columns) {
            bind(statement, i++, column.type(), payload.get(column.name()));
        }
        return i;
    }

    private static void bind(PreparedStatement statement, int i, ColumnType type, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            statement.setNull(i, Types.NULL);
        } else if (type instanceof ColumnType.Text) {
            statement.setString(i, value.asText());
        } else if (type instanceof ColumnType.Decimal) {
            statement.setBigDecimal(i, value.decimalValue());
        } else if (type instanceof ColumnType.Int) {
            statement.setInt(i, value.intValue());
        } else if (type instanceof ColumnType.BigInt) {
            statement.setLong(i, value.longValue());
        } else if (type instanceof ColumnType.DateTime) {
            // The payload holds the China wall-clock time as epoch milliseconds at UTC (see ValueConverter).
            long millis = value.longValue();
            statement.setObject(i, LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L),
                    (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC));
        } else {
            statement.setBoolean(i, value.booleanValue());
        }
    }
}
