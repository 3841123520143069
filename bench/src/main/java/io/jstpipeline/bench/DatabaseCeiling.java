package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The database's own ceiling for a table's rows: the rows, already flattened in memory, written by one
 * connection with multi-row {@code INSERT … ON DUPLICATE KEY UPDATE} statements into a fresh table, a
 * transaction per statement. Nothing between the rows and the database but the driver.
 */
final class DatabaseCeiling {

    /** Rows per statement tried; the best one is the ceiling. More than ~2,000 rows gains nothing and risks max_allowed_packet. */
    static final List<Integer> ROWS_PER_STATEMENT = List.of(200, 1000);

    private final DatabaseTarget database;
    private final TableMapping table;

    DatabaseCeiling(DatabaseTarget database, TableMapping table) {
        this.database = database;
        this.table = table;
    }

    /** The fastest of {@link #ROWS_PER_STATEMENT}, each into a fresh table. */
    Result measure(List<? extends JsonNode> documents) throws SQLException {
        Result best = null;
        for (int rowsPerStatement : ROWS_PER_STATEMENT) {
            Throughput t = measure(documents, rowsPerStatement);
            if (best == null || t.rowsPerSecond() > best.throughput().rowsPerSecond()) {
                best = new Result(t, rowsPerStatement);
            }
        }
        return best;
    }

    record Result(Throughput throughput, int rowsPerStatement) {
    }

    Throughput measure(List<? extends JsonNode> documents, int rowsPerStatement) throws SQLException {
        String name = "bench_ceiling_" + table.name();
        TableRowSource source = new TableRowSource(table);
        UpsertStatement upsert = new UpsertStatement(table, name);
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + name);
                s.execute(TableDdl.createTable(table, name));
            }
            c.setAutoCommit(false);
            long rows = 0;
            long started = System.nanoTime();
            List<DocumentFlattener.Row> pending = new ArrayList<>(rowsPerStatement);
            try (PreparedStatement full = c.prepareStatement(upsert.sql(rowsPerStatement))) {
                for (JsonNode document : documents) {
                    for (DocumentFlattener.Row row : source.rows(document)) {
                        pending.add(row);
                        if (pending.size() == rowsPerStatement) {
                            rows += write(full, upsert, pending);
                            c.commit();
                        }
                    }
                }
            }
            if (!pending.isEmpty()) {
                try (PreparedStatement rest = c.prepareStatement(upsert.sql(pending.size()))) {
                    rows += write(rest, upsert, pending);
                }
                c.commit();
            }
            return Throughput.since(rows, started);
        }
    }

    private static int write(PreparedStatement statement, UpsertStatement upsert, List<DocumentFlattener.Row> rows)
            throws SQLException {
        int parameter = 1;
        for (DocumentFlattener.Row row : rows) {
            parameter = upsert.bind(statement, parameter, row);
        }
        statement.executeUpdate();
        int written = rows.size();
        rows.clear();
        return written;
    }

    private Connection connect() throws SQLException {
        return database.connect();
    }
}
