package io.jstpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.jdbcsink.RowSinkConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The row sink and Debezium's JDBC sink set up alike, on the same row topic, and their figures side by side. */
class SinkComparisonTest {

    private static final DatabaseTarget EMBEDDED = new DatabaseTarget("jdbc:mariadb://127.0.0.1:3306/jst_bench", "root",
            "");
    private static final SinkConnectors SINKS = new SinkConnectors((short) 1);
    private static final String ROW_TOPIC = "jst.rows.saleout_list_query";
    private static final String MARIADB_DIALECT = "org.hibernate.dialect.MariaDBDialect";

    @Test
    void debeziumIsTriedAsItComesAndInTheIssuesTwoBestConfigurations() {
        assertThat(SinkComparison.DebeziumSetup.CANDIDATES).map(SinkComparison.DebeziumSetup::toString).containsExactly(
                "mariadb driver as it comes",
                "mariadb driver, useBulkStmts=true&useServerPrepStmts=true, batch.size 500",
                "mysql-connector-j, rewriteBatchedStatements=true, batch.size 1000");
    }

    @Test
    void eachConfigurationReachesTheSameDatabaseThroughItsOwnDriverAndParameters() {
        List<SinkComparison.DebeziumSetup> setups = SinkComparison.DebeziumSetup.CANDIDATES;

        assertThat(setups).map(setup -> setup.url(EMBEDDED.jdbcUrl())).containsExactly(
                "jdbc:mariadb://127.0.0.1:3306/jst_bench",
                "jdbc:mariadb://127.0.0.1:3306/jst_bench?useBulkStmts=true&useServerPrepStmts=true",
                "jdbc:mysql://127.0.0.1:3306/jst_bench?rewriteBatchedStatements=true");
        assertThat(setups.get(1).url("jdbc:mysql://db.example:3306/shop?connectTimeout=5000"))
                .as("an outside database's own parameters stay")
                .isEqualTo("jdbc:mariadb://db.example:3306/shop?connectTimeout=5000&useBulkStmts=true&useServerPrepStmts=true");
    }

    @Test
    void theRowSinkRunsAsShippedWithTwoTasksOnTheRowTopicIntoATableOfItsOwn() {
        Map<String, String> shipped = SINKS.config(DemoPipeline.TABLE, EMBEDDED);

        Map<String, String> config = SinkComparison.rowSinkConfig(SINKS, DemoPipeline.TABLE, EMBEDDED, "bench_sink_1");

        assertThat(config).containsEntry("topics", ROW_TOPIC).containsEntry(RowSinkConfig.TABLE, "bench_sink_1")
                .containsEntry("transforms.columnLimits.table", "bench_sink_1").containsEntry("tasks.max", "2");
        Map<String, String> unchanged = new HashMap<>(config);
        unchanged.keySet().removeAll(List.of(RowSinkConfig.TABLE, "transforms.columnLimits.table", "tasks.max",
                "errors.deadletterqueue.topic.name"));
        assertThat(shipped).as("every other setting as shipped").containsAllEntriesOf(unchanged);
        assertThat(config).hasSameSizeAs(shipped);
    }

    @Test
    void debeziumReadsTheSameRowTopicThroughTheSameConverterWithTwoTasksIntoATableOfItsOwn() {
        Map<String, String> rowSink = SinkComparison.rowSinkConfig(SINKS, DemoPipeline.TABLE, EMBEDDED, "bench_sink_1");
        SinkComparison.DebeziumSetup mysqlDriver = SinkComparison.DebeziumSetup.CANDIDATES.get(2);

        Map<String, String> config = SinkComparison.debeziumConfig(SINKS, DemoPipeline.TABLE, EMBEDDED, MARIADB_DIALECT,
                mysqlDriver, "bench_sink_4");

        assertThat(config).containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
                .containsEntry("topics", ROW_TOPIC).containsEntry("collection.name.format", "bench_sink_4")
                .containsEntry("tasks.max", "2")
                .containsEntry("connection.url", "jdbc:mysql://127.0.0.1:3306/jst_bench?rewriteBatchedStatements=true")
                .containsEntry("batch.size", "1000")
                .as("MariaDB's dialect named: mysql-connector-j cannot tell it to Hibernate")
                .containsEntry(SinkComparison.HIBERNATE_DIALECT, MARIADB_DIALECT);
        for (String converter : List.of("key.converter", "value.converter", SinkConnectors.ROW_SCHEMA_TABLE,
                SinkConnectors.ROW_COLUMNS)) {
            assertThat(config.get(converter)).as(converter).isEqualTo(rowSink.get(converter));
        }
        assertThat(SinkComparison.debeziumConfig(SINKS, DemoPipeline.TABLE, EMBEDDED, MARIADB_DIALECT,
                SinkComparison.DebeziumSetup.CANDIDATES.get(0), "bench_sink_2"))
                .as("as it comes: Debezium's own batch size, the dialect from the connection")
                .doesNotContainKeys("batch.size", SinkComparison.HIBERNATE_DIALECT);
    }

    @Test
    void theServersDialectIsMariaDbsWhereItsVersionSaysSoAndMySqlsOtherwise() {
        assertThat(SinkComparison.hibernateDialect("11.4.5-MariaDB")).isEqualTo(MARIADB_DIALECT);
        assertThat(SinkComparison.hibernateDialect("5.5.5-10.11.6-MariaDB-log")).isEqualTo(MARIADB_DIALECT);
        assertThat(SinkComparison.hibernateDialect("8.4.3")).isEqualTo("org.hibernate.dialect.MySQLDialect");
    }

    @Test
    void theSummaryGivesTheRowSinkAgainstDebeziumAtItsBestAndNamesThatConfiguration() {
        Map<SinkComparison.DebeziumSetup, SinkComparison.SinkRun> standard = new LinkedHashMap<>();
        List<SinkComparison.DebeziumSetup> setups = SinkComparison.DebeziumSetup.CANDIDATES;
        standard.put(setups.get(0), run("a", 60_000, 10, 9.0));
        standard.put(setups.get(1), run("b", 108_000, 10, 12.0));
        standard.put(setups.get(2), run("c", 95_000, 10, 11.0));

        SinkComparison.Result result = new SinkComparison.Result(run("row sink", 207_000, 10, 9.0), standard);

        assertThat(result.best()).isEqualTo(setups.get(1));
        assertThat(result.summary()).isEqualTo("row sink 1.9 x the standard sink (Debezium at its best: mariadb driver, "
                + "useBulkStmts=true&useServerPrepStmts=true, batch.size 500, 10,800 rows/s)");
        assertThat(result.cpuSummary()).isEqualTo("sink threads' cpu seconds per 100k rows: row sink 4.3, Debezium at "
                + "its best 11.1 (0.39 x)");
    }

    @Test
    void eachRunsCpuNamesTheStagesThatUsedAnyLargestFirstAndTheDatabaseLast() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("sink", 6.24);
        cpu.put("gc", 0.41);
        cpu.put("transformer", 0.01);
        cpu.put("database", 7.9);

        assertThat(new SinkComparison.SinkRun("row sink", new Throughput(1, Duration.ofSeconds(1)), cpu).cpu())
                .isEqualTo("cpu seconds: sink 6.2, gc 0.4, database 7.9");
    }

    @Test
    void theSinksAreComparedOnTheFirstShapeWithTwoPartitionsOrElseTheFirst() {
        DemoPipeline.Shape one = new DemoPipeline.Shape(1, 1, 1);
        DemoPipeline.Shape two = new DemoPipeline.Shape(2, 2, 2);
        DemoPipeline.Shape four = new DemoPipeline.Shape(4, 4, 4);

        assertThat(SinkComparison.shapeFor(List.of(one, two, four))).isEqualTo(two);
        assertThat(SinkComparison.shapeFor(List.of(four, two))).isEqualTo(four);
        assertThat(SinkComparison.shapeFor(List.of(one))).isEqualTo(one);
    }

    private static SinkComparison.SinkRun run(String name, long rows, int seconds, double sinkCpuSeconds) {
        return new SinkComparison.SinkRun(name, new Throughput(rows, Duration.ofSeconds(seconds)),
                Map.of("sink", sinkCpuSeconds, "database", 20.0));
    }
}
