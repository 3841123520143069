package io.jstpipeline.bench;

import io.jstpipeline.common.DaemonThreads;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.qimen.CallLimits;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TableRows;
import io.jstpipeline.ops.TopicEnds;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The whole pipeline, sandbox to MySQL, with no rate limit: from the extractor's first call until the last
 * row is in the table. Each run starts its own broker and Connect worker on the shared database, so runs of
 * different shapes do not see each other's topics, offsets or consumer groups.
 *
 * <p>Before the measured run, the same pipeline moves a warm-up data set of other ids into the table, which is
 * then emptied: the run measures a pipeline that has been running, as one does for days, not one just started,
 * with its code not yet compiled and its broker, stores and heap not yet grown to the load.
 *
 * <p>The run's time is the database's: from its clock when the extractor starts to the last row's arrival stamp.
 * Latency is measured per outbound note, from the moment its record was committed to the raw topic (after
 * its window's pages were read) to the moment its last row arrived in the table, which stamps each row with
 * a column of its own ({@value #ARRIVED}, filled by the database on insert).
 */
final class PipelineRun {

    static final String ARRIVED = "bench_arrived_at";
    private static final Duration JIT_SETTLE_LIMIT = Duration.ofSeconds(30);

    record Result(DemoPipeline.Shape shape, FlowLoad flow, Throughput throughput, double p50Millis, double p95Millis,
                  long liveHeapAtTenth, long liveHeapAfter, Map<String, Double> cpuSeconds,
                  SinkComparison.Result sinks) {
    }

    private final QimenGateway gateway;
    /** The warm-up's documents, with ids of their own; null: no warm-up. */
    private final QimenGateway warmup;
    private final long warmupRows;
    private final DatabaseTarget database;
    private final FlowLoad flow;
    private final PrintWriter out;

    /** Runs of {@code flow}'s documents of {@code gateway}, each after a warm-up on {@code warmup}'s. */
    PipelineRun(FlowLoad flow, QimenGateway gateway, QimenGateway warmup, DatabaseTarget database, PrintWriter out) {
        this.gateway = gateway;
        this.warmup = warmup;
        this.warmupRows = warmup == null ? 0 : flow.rows(warmup);
        this.database = database;
        this.flow = flow;
        this.out = out;
    }

    /**
     * The warm-up alone, on a pipeline of its own, before the first shape: its own warm-up left the JIT still
     * compiling, and whichever shape came first was slowed down by it (2 partitions measured first ran at 7,850
     * rows/s, measured second at 10,400–11,400; BENCHMARKS.md).
     */
    void warmUpOnly(DemoPipeline.Shape shape, Duration timeout) throws Exception {
        dropTables(database);
        try (DemoPipeline pipeline = DemoPipeline.start(database, shape, this::stampedDdl);
             Connection counting = new TableRows(database).connect();
             PreparedStatement count = counting.prepareStatement(countSql())) {
            warmUp(pipeline, count, timeout);
        }
    }

    /**
     * The pipeline's run and, when {@code compareSinks}, the row sink beside the standard sink on the rows it moved
     * ({@link SinkComparison}), before the pipeline stops.
     */
    Result measure(DemoPipeline.Shape shape, long expectedRows, Duration timeout, boolean compareSinks)
            throws Exception {
        dropTables(database);
        ExecutorService extraction = Executors.newSingleThreadExecutor(DaemonThreads.named("bench-extraction"));
        try (DemoPipeline pipeline = DemoPipeline.start(database, shape, this::stampedDdl);
             Admin admin = pipeline.stack().admin();
             Connection counting = new TableRows(database).connect();
             PreparedStatement count = counting.prepareStatement(countSql());
             ExtractorService extractor = extractor(pipeline, gateway, "bench")) {
            if (warmup != null) {
                warmUp(pipeline, count, timeout);
            }
            awaitJitSettled();
            // The sinks compared read the flow's first table's rows from here on: the measured run's, not the warm-up's.
            Map<TopicPartition, Long> measuredFrom = compareSinks
                    ? SinkComparison.rowTopicEnds(admin, flow.tables().get(0)) : Map.of();
            CpuByStage cpu = CpuByStage.start();
            Instant databaseStart = databaseNow(counting);
            long started = System.nanoTime();
            Future<?> extracted = extraction.submit(() -> extractor.runOnce(ExtractionListener.NONE));
            long liveAtTenth = -1;
            boolean extractionReported = false;
            long rows = 0;
            long lastReport = started;
            long deadline = started + timeout.toNanos();
            while (rows < expectedRows) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(shape + ": " + rows + " of " + expectedRows + " rows after " + timeout);
                }
                if (extracted.isDone() && !extractionReported) {
                    extracted.get(); // an extraction failure ends the run here, with its cause
                    extractionReported = true;
                    out.printf("    every document in Kafka after %.1f s%n", (System.nanoTime() - started) / 1e9);
                }
                // COUNT(*) scans an index, which costs the database more the larger the table: only every two
                // seconds. The run's end is the last row's own arrival stamp, not this poll's.
                Thread.sleep(2000);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                if (liveAtTenth < 0 && rows >= expectedRows / 10) {
                    liveAtTenth = MemoryWatch.liveHeapBytes();
                }
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    out.printf("    %,d of %,d rows in MySQL after %.0f s (row topic offsets: %,d)%n", rows,
                            expectedRows, (lastReport - started) / 1e9, rowTopicOffsets(admin));
                    out.flush();
                }
            }
            List<String> tables = flow.tables().stream().map(TableMapping::name).toList();
            Throughput throughput = new Throughput(rows, Duration.between(databaseStart, lastArrival(counting, tables)));
            Map<String, Double> cpuSeconds = cpu.seconds();
            extracted.get();
            double[] latencies = latenciesMillis(pipeline.stack().bootstrapServers());
            long liveAfter = MemoryWatch.liveHeapBytes();
            SinkComparison.Result sinks = null;
            if (compareSinks) {
                out.println("    the row sink and the standard sink on the same rows, one at a time...");
                out.flush();
                sinks = new SinkComparison(pipeline, flow.tables().get(0), measuredFrom, rows, timeout, out).run();
            }
            return new Result(shape, flow, throughput, percentile(latencies, 50), percentile(latencies, 95),
                    liveAtTenth, liveAfter, cpuSeconds, sinks);
        } finally {
            extraction.shutdownNow();
        }
    }

    private static ExtractorService extractor(DemoPipeline pipeline, QimenGateway source, String instance) {
        return pipeline.extractor(DemoPipeline.credentialsOf(source),
                new QimenCallPolicy(QimenCallPolicy.Settings.defaults().withLimits(CallLimits.none())),
                instance, source.options().from(), PagePool.DEFAULT_CONCURRENCY);
    }

    /** Runs the warm-up's documents through until all their rows are in the table, then empties the table. */
    private void warmUp(DemoPipeline pipeline, PreparedStatement count, Duration timeout) throws Exception {
        out.printf("    warming up on %,d rows of other ids, not reported...%n", warmupRows);
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ExtractorService extractor = extractor(pipeline, warmup, "bench-warmup")) {
            extractor.runOnce(ExtractionListener.NONE);
        }
        long rows = 0;
        while (rows < warmupRows) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("warm-up: " + rows + " of " + warmupRows + " rows after " + timeout);
            }
            Thread.sleep(500);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        try (Statement s = count.getConnection().createStatement()) {
            for (TableMapping table : flow.tables()) {
                s.execute("TRUNCATE TABLE " + table.name());
            }
        }
    }

    /** The rows in the flow's tables, in one statement. */
    private String countSql() {
        return "SELECT " + String.join(" + ", flow.tables().stream()
                .map(table -> "(SELECT COUNT(*) FROM " + table.name() + ")").toList());
    }

    /** Every row of the flow's tables: its document's id and its arrival stamp. */
    private String arrivalsSql() {
        return String.join(" UNION ALL ", flow.tables().stream()
                .map(table -> "SELECT " + flow.documentId() + " AS document, " + ARRIVED + " FROM " + table.name())
                .toList());
    }

    /**
     * Waits, up to {@link #JIT_SETTLE_LIMIT}, until the JIT compiles less than 50 ms a second. Starting a shape's
     * broker, Connect worker and Streams app queues thousands of compilations of start-up code, which would
     * otherwise run during the measured run; a pipeline that runs for days compiled them long ago.
     */
    private void awaitJitSettled() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long waited = System.nanoTime();
        long compiled = jit.getTotalCompilationTime();
        while (System.nanoTime() - waited < JIT_SETTLE_LIMIT.toNanos()) {
            Thread.sleep(1000);
            long now = jit.getTotalCompilationTime();
            if (now - compiled < 50) {
                break;
            }
            compiled = now;
        }
        out.printf("    JIT settled after %.0f s%n", (System.nanoTime() - waited) / 1e9);
    }

    static Instant databaseNow(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT UNIX_TIMESTAMP(NOW(3))")) {
            rs.next();
            return instant(rs.getBigDecimal(1));
        }
    }

    /** When the last row of these tables arrived, by the database's clock, as {@link #databaseNow} reads it. */
    static Instant lastArrival(Connection c, List<String> tables) throws SQLException {
        String arrivals = String.join(" UNION ALL ", tables.stream()
                .map(table -> "SELECT " + ARRIVED + " FROM " + table).toList());
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT UNIX_TIMESTAMP(MAX(" + ARRIVED + ")) FROM (" + arrivals
                     + ") arrivals")) {
            rs.next();
            return instant(rs.getBigDecimal(1));
        }
    }

    private static Instant instant(BigDecimal epochSeconds) {
        return Instant.ofEpochMilli(epochSeconds.movePointRight(3).longValue());
    }

    /** Offsets written to the flow's row topics, transaction markers included: how far the transformer is. */
    private long rowTopicOffsets(Admin admin) throws Exception {
        List<String> topics = flow.tables().stream().map(table -> Topics.rows(table.name())).toList();
        return TopicEnds.of(admin, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The table as the pipeline makes it, plus, for the flow's tables, the arrival stamp the database fills. */
    private String stampedDdl(TableMapping mapping) {
        String ddl = TableDdl.createTable(mapping);
        return flow.writes(mapping) ? stamped(ddl) : ddl;
    }

    /** A table's DDL with the arrival stamp the database fills on insert. */
    static String stamped(String ddl) {
        return stamped(ddl, "");
    }

    /** A table's DDL with the arrival stamp the database fills on insert and sets again on every update. */
    static String restamped(String ddl) {
        return stamped(ddl, " ON UPDATE CURRENT_TIMESTAMP(3)");
    }

    private static String stamped(String ddl, String onUpdate) {
        String primaryKey = "  PRIMARY KEY";
        return ddl.replace(primaryKey, "  " + ARRIVED + " TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)"
                + onUpdate + ",\n" + primaryKey);
    }

    /** Drops every mapped table, so that a run starts from none. */
    static void dropTables(DatabaseTarget database) throws SQLException {
        try (Connection c = new TableRows(database).connect(); Statement s = c.createStatement()) {
            for (TableMapping mapping : DemoPipeline.MAPPINGS.tables()) {
                s.execute("DROP TABLE IF EXISTS " + mapping.name());
            }
        }
    }

    /** Per document: its last row's arrival minus its raw record's commit, in milliseconds. */
    private double[] latenciesMillis(String bootstrapServers) throws Exception {
        Map<Long, Long> committed = rawRecordTimes(bootstrapServers);
        List<Double> latencies = new ArrayList<>();
        try (Connection c = new TableRows(database).connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT document, ROUND(UNIX_TIMESTAMP(MAX(" + ARRIVED + ")) * 1000) FROM ("
                     + arrivalsSql() + ") arrivals GROUP BY document")) {
            while (rs.next()) {
                Long at = committed.get(rs.getLong(1));
                if (at != null) {
                    latencies.add((double) (rs.getLong(2) - at));
                }
            }
        }
        return latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private Map<Long, Long> rawRecordTimes(String bootstrapServers) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<Long, Long> times = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.raw(flow.flow())).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    times.put(Json.MAPPER.readTree(record.value()).path(flow.documentId()).asLong(),
                            record.timestamp());
                }
            }
        }
        return times;
    }

    static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
