package io.jstpipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The database's own ceiling for the rows of a flow's tables: the rows, already flattened in memory, written with
 * the sink's multi-row {@code INSERT … ON DUPLICATE KEY UPDATE} statements (guarded by the rows' version) into
 * fresh tables, a transaction per statement, over one connection or several in parallel, each writing rows of its
 * own. Nothing between the rows and the database but the driver.
 */
final class DatabaseCeiling implements AutoCloseable {

    /** Rows per statement tried; the best one is the ceiling. More than ~2,000 rows gains nothing and risks max_allowed_packet. */
    static final List<Integer> ROWS_PER_STATEMENT = List.of(200, 1000);
    /**
     * Connections tried in parallel: a pipeline with several sink tasks writes over several, so the ceiling is the
     * database's with as many, not one connection's.
     */
    static final List<Integer> CONNECTIONS = List.of(1, 2, 4);

    private final DatabaseTarget database;
    private final List<TableMapping> tables;
    /**
     * The connections' threads, kept until {@link #close()}: a thread that has ended no longer shows the CPU it
     * used, and the ceiling's CPU seconds tell whether its limit is the database's or its client's.
     */
    private final ExecutorService writers = Executors.newFixedThreadPool(
            CONNECTIONS.stream().mapToInt(Integer::intValue).max().orElseThrow(), DaemonThreads.named("bench-ceiling"));

    DatabaseCeiling(DatabaseTarget database, List<TableMapping> tables) {
        this.database = database;
        this.tables = tables;
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }

    /** How a ceiling was written. */
    record Way(int connections, int rowsPerStatement) {

        String describe() {
            return connections + (connections == 1 ? " connection, " : " connections, ") + rowsPerStatement
                    + " rows per statement";
        }
    }

    /** One way's rows/s. */
    record Sample(Way way, Throughput throughput) {
    }

    /** Every way tried; the fastest is the ceiling. */
    record Result(List<Sample> samples) {

        Sample best() {
            return samples.stream().max(Comparator.comparingDouble(s -> s.throughput().rowsPerSecond())).orElseThrow();
        }
    }

    /**
     * Each of {@link #ROWS_PER_STATEMENT} over one connection, then the faster of those over each further count of
     * {@link #CONNECTIONS}, each into fresh tables.
     */
    Result measure(List<? extends JsonNode> documents) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int rowsPerStatement : ROWS_PER_STATEMENT) {
            Way way = new Way(1, rowsPerStatement);
            samples.add(new Sample(way, measure(documents, way)));
        }
        int rowsPerStatement = new Result(samples).best().way().rowsPerStatement();
        for (int connections : CONNECTIONS.subList(1, CONNECTIONS.size())) {
            Way way = new Way(connections, rowsPerStatement);
            samples.add(new Sample(way, measure(documents, way)));
        }
        return new Result(samples);
    }

    /**
     * The documents' rows into fresh tables, split into as many contiguous runs of documents as connections, each
     * written in the order the sandbox made them (their key's order: the database's best case) on a connection of
     * its own; timed until the last connection is done.
     */
    Throughput measure(List<? extends JsonNode> documents, Way way) throws Exception {
        UpsertStatement[] upserts = tables.stream().map(t -> UpsertStatement.guarded(t, tableName(t)))
                .toArray(UpsertStatement[]::new);
        try (Connection c = connect()) {
            createTables(c);
        }
        try {
            long started = System.nanoTime();
            List<Future<Long>> written = new ArrayList<>();
            int size = documents.size();
            for (int slice = 0; slice < way.connections(); slice++) {
                List<? extends JsonNode> own = documents.subList(slice * size / way.connections(),
                        (slice + 1) * size / way.connections());
                written.add(writers.submit(() -> {
                    try (Connection c = connect()) {
                        return write(c, own, way.rowsPerStatement(), upserts);
                    }
                }));
            }
            long rows = 0;
            for (Future<Long> slice : written) {
                rows += slice.get();
            }
            return Throughput.since(rows, started);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** What the version guard costs: rows/s of each statement writing the rows into an empty table, then over them. */
    record GuardCost(Throughput plainInsert, Throughput guardedInsert, Throughput plainUpdate, Throughput guardedUpdate) {
    }

    /**
     * The plain and the guarded upsert, each writing the rows into fresh tables and then the same rows again over
     * them (every row a duplicate key, where the guard's comparison runs), over one connection, in turns of
     * {@code rounds}: plain, guarded, plain, guarded…, so that the VM's drift falls on both alike.
     */
    GuardCost guardCost(List<? extends JsonNode> documents, int rowsPerStatement, int rounds) throws SQLException {
        List<List<Throughput>> samples = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (Connection c = connect()) {
            for (int round = 0; round < rounds; round++) {
                for (int guarded = 0; guarded < 2; guarded++) {
                    boolean guard = guarded == 1;
                    UpsertStatement[] upserts = tables.stream().map(t -> guard
                            ? UpsertStatement.guarded(t, tableName(t)) : UpsertStatement.plain(t, tableName(t)))
                            .toArray(UpsertStatement[]::new);
                    createTables(c);
                    long started = System.nanoTime();
                    samples.get(guarded).add(Throughput.since(write(c, documents, rowsPerStatement, upserts), started));
                    started = System.nanoTime();
                    samples.get(2 + guarded).add(Throughput.since(write(c, documents, rowsPerStatement, upserts), started));
                }
            }
        }
        return new GuardCost(Throughput.pooled(samples.get(0)), Throughput.pooled(samples.get(1)),
                Throughput.pooled(samples.get(2)), Throughput.pooled(samples.get(3)));
    }

    private static String tableName(TableMapping table) {
        return "bench_ceiling_" + table.name();
    }

    private void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (TableMapping table : tables) {
                s.execute("DROP TABLE IF EXISTS " + tableName(table));
                s.execute(TableDdl.createTable(table, tableName(table)));
            }
        }
    }

    /** The documents' rows of every table, {@code rowsPerStatement} to a statement and a commit; the rows written. */
    private long write(Connection c, List<? extends JsonNode> documents, int rowsPerStatement,
                       UpsertStatement[] upserts) throws SQLException {
        c.setAutoCommit(false);
        List<TableWriter> writers = new ArrayList<>();
        try {
            for (int t = 0; t < tables.size(); t++) {
                writers.add(new TableWriter(c, new TableRowSource(tables.get(t)), upserts[t], rowsPerStatement));
            }
            for (JsonNode document : documents) {
                for (TableWriter writer : writers) {
                    writer.add(document);
                }
            }
            long rows = 0;
            for (TableWriter writer : writers) {
                rows += writer.finish();
            }
            return rows;
        } finally {
            for (TableWriter writer : writers) {
                writer.full.close();
            }
        }
    }

    /** One table's rows on one connection, a statement of {@code rowsPerStatement} rows at a time. */
    private static final class TableWriter {
        private final Connection connection;
        private final TableRowSource source;
        private final UpsertStatement upsert;
        private final PreparedStatement full;
        private final List<DocumentFlattener.Row> pending;
        private final int rowsPerStatement;
        private long written;

        TableWriter(Connection connection, TableRowSource source, UpsertStatement upsert, int rowsPerStatement)
                throws SQLException {
            this.connection = connection;
            this.source = source;
            this.upsert = upsert;
            this.full = connection.prepareStatement(upsert.sql(rowsPerStatement));
            this.pending = new ArrayList<>(rowsPerStatement);
            this.rowsPerStatement = rowsPerStatement;
        }

        void add(JsonNode document) throws SQLException {
            for (DocumentFlattener.Row row : source.rows(document)) {
                pending.add(row);
                if (pending.size() == rowsPerStatement) {
                    write(full);
                }
            }
        }

        long finish() throws SQLException {
            if (!pending.isEmpty()) {
                try (PreparedStatement rest = connection.prepareStatement(upsert.sql(pending.size()))) {
                    write(rest);
                }
            }
            return written;
        }

        private void write(PreparedStatement statement) throws SQLException {
            int parameter = 1;
            for (DocumentFlattener.Row row : pending) {
                parameter = upsert.bind(statement, parameter, row);
            }
            statement.executeUpdate();
            connection.commit();
            written += pending.size();
            pending.clear();
        }
    }

    private Connection connect() throws SQLException {
        return database.connect();
    }
}
