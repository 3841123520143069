package io.jstpipeline.bench;

import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TableRows;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The row sink beside the standard sink, Debezium's JDBC sink, on the rows a pipeline run just moved: each reads
 * the same row topic, from where the measured rows begin, through the same {@code RowConverter}, with the same
 * number of tasks, into a fresh table of its own on the same database, the row sink as shipped and Debezium in
 * each of its candidate configurations, so that the row sink is compared with the peer at its best.
 *
 * <p>A sink's time is the database's: from its clock when the connector is created (its tasks start, open their
 * connections and consume from the measured rows' first offsets) to the last row's arrival stamp.
 */
final class SinkComparison {

    /** Tasks of every sink, as in the measurements: two each. */
    static final int TASKS = 2;
    private static final String TABLE_PREFIX = "bench_sink_";
    /** Connect's consumer group of a sink connector. */
    private static final String CONSUMER_GROUP_PREFIX = "connect-";
    /** The Debezium setting of the table a connector writes. */
    private static final String DEBEZIUM_TABLE = "collection.name.format";
    private static final String DEBEZIUM_URL = "connection.url";
    private static final String DEBEZIUM_BATCH_SIZE = "batch.size";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Stages with less CPU than this are left out of a run's detail. */
    private static final double CPU_SHOWN_FROM = 0.05;

    /** The Hibernate dialect Debezium writes with, when it is named rather than learnt from the connection. */
    static final String HIBERNATE_DIALECT = "hibernate.dialect";

    /**
     * One configuration of Debezium's JDBC sink: the driver its JDBC URL names, the driver's parameters it adds to
     * the URL, its {@code batch.size} (null: Debezium's own, 500), and whether it names the server's Hibernate
     * dialect: mysql-connector-j 9 asks a MariaDB server for {@code INFORMATION_SCHEMA.KEYWORDS.RESERVED}, which
     * MariaDB lacks, so Hibernate cannot learn the dialect from its connection and the task fails to start.
     */
    record DebeziumSetup(String driver, String scheme, String parameters, Integer batchSize, boolean namesDialect) {

        /**
         * Debezium through MariaDB's driver as it comes, and the two best configurations measured here (issue 23):
         * MariaDB's bulk protocol with batches of 500 (larger ones were slower), mysql-connector-j's rewritten
         * batches with 1,000.
         */
        static final List<DebeziumSetup> CANDIDATES = List.of(
                new DebeziumSetup("mariadb driver", "jdbc:mariadb:", "", null, false),
                new DebeziumSetup("mariadb driver", "jdbc:mariadb:", "useBulkStmts=true&useServerPrepStmts=true", 500,
                        false),
                new DebeziumSetup("mysql-connector-j", "jdbc:mysql:", "rewriteBatchedStatements=true", 1000, true));

        /** The database of {@code databaseUrl}, with its own parameters, reached through this driver and parameters. */
        String url(String databaseUrl) {
            String place = databaseUrl.substring(databaseUrl.indexOf("//"));
            if (parameters.isEmpty()) {
                return scheme + place;
            }
            return scheme + place + (place.contains("?") ? "&" : "?") + parameters;
        }

        @Override
        public String toString() {
            if (parameters.isEmpty() && batchSize == null) {
                return driver + " as it comes";
            }
            StringJoiner setup = new StringJoiner(", ").add(driver);
            if (!parameters.isEmpty()) {
                setup.add(parameters);
            }
            if (batchSize != null) {
                setup.add("batch.size " + batchSize);
            }
            return setup.toString();
        }
    }

    /** One sink's run: the rows, the time they took, and the CPU seconds by stage meanwhile. */
    record SinkRun(String name, Throughput throughput, Map<String, Double> cpuSeconds) {

        /** The CPU seconds of the connector's task threads per 100,000 rows. */
        double sinkCpuPer100k() {
            return cpuSeconds.getOrDefault("sink", 0.0) * 100_000 / throughput.rows();
        }

        /** The stages that used any CPU, in {@link CpuByStage}'s order. */
        String cpu() {
            return "cpu seconds: " + cpuSeconds.entrySet().stream().filter(e -> e.getValue() >= CPU_SHOWN_FROM)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    /** The row sink's run and Debezium's in each configuration, in the order they ran. */
    record Result(SinkRun rowSink, Map<DebeziumSetup, SinkRun> standard) {

        /** Debezium's fastest configuration. */
        DebeziumSetup best() {
            return standard.entrySet().stream()
                    .max(Map.Entry.comparingByValue((a, b) -> Double.compare(a.throughput().rowsPerSecond(),
                            b.throughput().rowsPerSecond())))
                    .orElseThrow().getKey();
        }

        /** Row sink over Debezium at its best. */
        double ratio() {
            return rowSink.throughput().rowsPerSecond() / standard.get(best()).throughput().rowsPerSecond();
        }

        /** {@code row sink N x the standard sink}, naming Debezium's best configuration and its rate. */
        String summary() {
            return String.format(Locale.ROOT, "row sink %.1f x the standard sink (Debezium at its best: %s, %,.0f rows/s)",
                    ratio(), best(), standard.get(best()).throughput().rowsPerSecond());
        }

        /** The sinks' own threads' CPU for the same rows: the row sink's and Debezium's at its best. */
        String cpuSummary() {
            SinkRun debezium = standard.get(best());
            return String.format(Locale.ROOT, "sink threads' cpu seconds per 100k rows: row sink %.1f, Debezium at its "
                    + "best %.1f (%.2f x)", rowSink.sinkCpuPer100k(), debezium.sinkCpuPer100k(),
                    rowSink.sinkCpuPer100k() / debezium.sinkCpuPer100k());
        }
    }

    private final DemoPipeline pipeline;
    private final TableMapping table;
    private final Map<TopicPartition, Long> measuredFrom;
    private final long rows;
    private final Duration timeout;
    private final PrintWriter out;

    /**
     * @param measuredFrom where the measured rows begin in the table's row topic (after any warm-up's), from
     *                     {@link #rowTopicEnds} before the run
     * @param rows         how many rows the measured run wrote: what each sink's table holds when it is done
     */
    SinkComparison(DemoPipeline pipeline, TableMapping table, Map<TopicPartition, Long> measuredFrom, long rows,
                   Duration timeout, PrintWriter out) {
        this.pipeline = pipeline;
        this.table = table;
        this.measuredFrom = measuredFrom;
        this.rows = rows;
        this.timeout = timeout;
        this.out = out;
    }

    /** The shape to compare the sinks on: the first with two partitions or more, so that both tasks work. */
    static DemoPipeline.Shape shapeFor(List<DemoPipeline.Shape> shapes) {
        return shapes.stream().filter(shape -> shape.partitions() >= TASKS).findFirst().orElse(shapes.get(0));
    }

    /** The end of each partition of the table's row topic now. */
    static Map<TopicPartition, Long> rowTopicEnds(Admin admin, TableMapping table) throws Exception {
        String topic = Topics.rows(table.name());
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()),
                        p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The row sink as shipped, with {@link #TASKS} tasks, writing {@code target} from the table's row topic. */
    static Map<String, String> rowSinkConfig(SinkConnectors sinks, TableMapping table, DatabaseTarget database,
                                             String target) {
        Map<String, String> config = sinks.config(table, database, target);
        config.put("topics", Topics.rows(table.name()));
        config.put("tasks.max", Integer.toString(TASKS));
        return config;
    }

    /**
     * Debezium's JDBC sink in one configuration, with {@link #TASKS} tasks, writing {@code target}.
     *
     * @param serverDialect the Hibernate dialect of the database's server, for a setup that names it
     */
    static Map<String, String> debeziumConfig(SinkConnectors sinks, TableMapping table, DatabaseTarget database,
                                              String serverDialect, DebeziumSetup setup, String target) {
        Map<String, String> config = sinks.debeziumConfig(table, database);
        config.put(DEBEZIUM_TABLE, target);
        config.put(DEBEZIUM_URL, setup.url(database.jdbcUrl()));
        config.put("tasks.max", Integer.toString(TASKS));
        if (setup.batchSize() != null) {
            config.put(DEBEZIUM_BATCH_SIZE, Integer.toString(setup.batchSize()));
        }
        if (setup.namesDialect()) {
            config.put(HIBERNATE_DIALECT, serverDialect);
        }
        return config;
    }

    /** Hibernate's dialect of the server {@code VERSION()} names: MariaDB's or MySQL's. */
    static String hibernateDialect(String serverVersion) {
        return serverVersion.contains("MariaDB") ? "org.hibernate.dialect.MariaDBDialect"
                : "org.hibernate.dialect.MySQLDialect";
    }

    /** The row sink, then Debezium in each configuration, one at a time. */
    Result run() throws Exception {
        SinkConnectors sinks = pipeline.stack().sinks();
        DatabaseTarget database = pipeline.stack().database();
        String serverDialect;
        try (Connection c = new TableRows(database).connect(); Statement s = c.createStatement();
             ResultSet version = s.executeQuery("SELECT VERSION()")) {
            version.next();
            serverDialect = hibernateDialect(version.getString(1));
        }
        int n = 1;
        String target = TABLE_PREFIX + n;
        SinkRun rowSink = measure("row sink alone, " + TASKS + " tasks", "bench-row-sink", target,
                rowSinkConfig(sinks, table, database, target));
        Map<DebeziumSetup, SinkRun> standard = new LinkedHashMap<>();
        for (DebeziumSetup setup : DebeziumSetup.CANDIDATES) {
            target = TABLE_PREFIX + ++n;
            standard.put(setup, measure("standard sink: Debezium JDBC sink, " + setup + ", " + TASKS + " tasks",
                    "bench-debezium-" + n, target, debeziumConfig(sinks, table, database, serverDialect, setup, target)));
        }
        return new Result(rowSink, standard);
    }

    /**
     * One sink from a fresh connector, whose consumer group starts where the measured rows begin, into a fresh
     * table, until the table holds every row; then the connector and the table go.
     */
    private SinkRun measure(String name, String connector, String target, Map<String, String> config)
            throws Exception {
        out.printf("    %s, into %s...%n", name, target);
        out.flush();
        DatabaseTarget database = pipeline.stack().database();
        ConnectRestClient connect = pipeline.stack().connectRest();
        try (Connection c = new TableRows(database).connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + target);
        }
        TableSchema.create(database, PipelineRun.stamped(TableDdl.createTable(table, target)));
        try (Admin admin = pipeline.stack().admin()) {
            Map<TopicPartition, OffsetAndMetadata> from = measuredFrom.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
            admin.alterConsumerGroupOffsets(CONSUMER_GROUP_PREFIX + connector, from).all().get();
        }
        try (Connection counting = new TableRows(database).connect();
             PreparedStatement count = counting.prepareStatement("SELECT COUNT(*) FROM " + target)) {
            CpuByStage cpu = CpuByStage.start();
            Instant databaseStart = PipelineRun.databaseNow(counting);
            long started = System.nanoTime();
            connect.putConnector(connector, config);
            long written = 0;
            long lastReport = started;
            while (written < rows) {
                if (System.nanoTime() - started > timeout.toNanos()) {
                    throw new TimeoutException(name + ": " + written + " of " + rows + " rows after " + timeout);
                }
                ConnectRestClient.ConnectorStatus status = connect.status(connector);
                if (status.failed()) {
                    throw new IllegalStateException(name + " failed: " + status.tasks().stream()
                            .map(ConnectRestClient.TaskStatus::error).distinct().collect(Collectors.joining("; ")));
                }
                Thread.sleep(1000);
                written = count(count);
                if (System.nanoTime() - lastReport > PROGRESS_EVERY.toNanos()) {
                    lastReport = System.nanoTime();
                    out.printf("      %,d of %,d rows after %.0f s%n", written, rows, (lastReport - started) / 1e9);
                    out.flush();
                }
            }
            Throughput throughput = new Throughput(written,
                    Duration.between(databaseStart, PipelineRun.lastArrival(counting, List.of(target))));
            Map<String, Double> cpuSeconds = cpu.seconds();
            connect.deleteConnector(connector);
            awaitGone(connect, connector);
            try (Statement s = counting.createStatement()) {
                s.execute("DROP TABLE " + target);
            }
            return new SinkRun(name, throughput, cpuSeconds);
        }
    }

    private static long count(PreparedStatement count) throws SQLException {
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Until the worker has stopped the connector's tasks, so that they do not run into the next sink's time. */
    private void awaitGone(ConnectRestClient connect, String connector) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connect.connectors().contains(connector)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(connector + " still there " + timeout + " after it was deleted");
            }
            Thread.sleep(200);
        }
    }
}
