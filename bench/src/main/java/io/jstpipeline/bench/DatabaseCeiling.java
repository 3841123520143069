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
 * connection with the sink's multi-row {@code INSERT … ON DUPLICATE KEY UPDATE} statements (guarded by the rows'
 * version) into a fresh table, a transaction per statement. Nothing between the rows and the database but the
 * driver.
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
        UpsertStatement upsert = UpsertStatement.guarded(table, tableName());
        try (Connection c = connect()) {
            createTable(c);
            return write(c, documents, rowsPerStatement, upsert);
        }
    }

    /** What the version guard costs: rows/s of each statement writing the rows into an empty table, then over them. */
    record GuardCost(Throughput plainInsert, Throughput guardedInsert, Throughput plainUpdate, Throughput guardedUpdate) {
    }

    /**
     * The plain and the guarded upsert, each writing the rows into a fresh table and then the same rows again
     * over the table's (every row a duplicate key, where the guard's comparison runs), in turns of
     * {@code rounds}: plain, guarded, plain, guarded…, so that the VM's drift falls on both alike.
     */
    GuardCost guardCost(List<? extends JsonNode> documents, int rowsPerStatement, int rounds) throws SQLException {
        List<List<Throughput>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (Connection c = connect()) {
            for (int round = 0; round < rounds; round++) {
                for (int guarded = 0; guarded < 2; guarded++) {
                    UpsertStatement upsert = guarded == 1 ? UpsertStatement.guarded(table, tableName())
                            : UpsertStatement.plain(table, tableName());
                    createTable(c);
                    samples.get(guarded).add(write(c, documents, rowsPerStatement, upsert));
                    samples.get(2 + guarded).add(write(c, documents, rowsPerStatement, upsert));
                }
            }
        }
        return new GuardCost(Throughput.pooled(samples.get(0)), Throughput.pooled(samples.get(1)),
                Throughput.pooled(samples.get(2)), Throughput.pooled(samples.get(3)));
    }

    private String tableName() {
        return "bench_ceiling_" + table.name();
    }

    private void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + tableName());
            s.execute(TableDdl.createTable(table, tableName()));
        }
    }

    private Throughput write(Connection c, List<? extends JsonNode> documents, int rowsPerStatement,
                             UpsertStatement upsert) throws SQLException {
        TableRowSource source = new TableRowSource(table);
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
