package io.jstpipeline.jdbcsink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jstpipeline.embedded.EmbeddedMariaDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The row sink's task on its own, on the sink ITs' database: a put is written while the next is converted, so what
 * matters is which offsets it lets Connect commit, and that puts reach the table in order.
 */
class RowSinkTaskIT {

    private static final String TABLE = "row_sink_task_it";
    private static final String TOPIC = "jst.rows." + TABLE;
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA)
            .field("qty", Schema.OPTIONAL_INT32_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final String VERSIONED_TABLE = "row_sink_task_versioned_it";
    private static final Schema VERSIONED = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA)
            .field("qty", Schema.OPTIONAL_INT32_SCHEMA).field("modified", Timestamp.builder().optional().build())
            .field("ts", Schema.OPTIONAL_INT64_SCHEMA).build();
    private static final String TEXT_TABLE = "row_sink_task_text_it";
    private static final int SMALL_PACKET = 64 * 1024;

    private String jdbcUrl;
    private Map<String, String> sinkConnection;
    private final TestContext context = new TestContext();
    private final RowSinkTask task = new RowSinkTask();
    private long offset;

    @BeforeEach
    void createTable() throws Exception {
        jdbcUrl = SinkStack.get().mariaDb.jdbcUrl();
        sinkConnection = SinkStack.get().sinkConnection();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (id VARCHAR(64) PRIMARY KEY, qty INT, note VARCHAR(8))");
        }
    }

    @AfterEach
    void stopTask() throws Exception {
        task.stop();
        context.pluginMetrics.close();
    }

    @Test
    void putsReachTheTableInOrderBeforeTheirOffsetsAreCommitted() throws Exception {
        start(TABLE);
        task.put(List.of(row("a", 1, null), row("b", 1, null)));
        task.put(List.of(row("a", 2, null), row("c", 1, null)));

        assertThat(task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                .containsEntry(PARTITION, new OffsetAndMetadata(4));
        // preCommit returned only once both puts were in: no wait here.
        assertThat(quantities()).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", 2, "b", 1, "c", 1)));
    }

    @Test
    void aRowTheDatabaseRefusesIsDeadLetteredBeforeItsOffsetIsCommitted() throws Exception {
        start(TABLE);
        SinkRecord refused = row("long", 1, "far longer than eight characters");
        task.put(List.of(row("a", 1, "short"), refused, row("b", 1, null)));

        assertThat(task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                .containsEntry(PARTITION, new OffsetAndMetadata(3));
        assertThat(context.deadLetters).containsExactly(refused);
        assertThat(quantities()).containsOnlyKeys("a", "b");
    }

    @Test
    void aDeadLetterThatCannotBeSentHoldsEveryCommitBackAndFailsTheNextPut() {
        context.deadLetterFailure = new IllegalStateException("dead-letter topic unreachable");
        start(TABLE);
        task.put(List.of(row("a", 1, null), row("long", 1, "far longer than eight characters")));

        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(PARTITION, new OffsetAndMetadata(offset));
        assertThat(task.preCommit(offsets)).isEmpty();
        assertThat(task.preCommit(offsets)).as("not on a later try either").isEmpty();
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessageContaining("dead letter").hasMessageContaining("unreachable");
    }

    @Test
    void aPutThatFailedHoldsItsOffsetsBackAndTheNextPutFailsTheTask() {
        start("no_such_table");
        task.put(List.of(row("x", 1, null), row("y", 1, null)));

        assertThat(task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                .as("nothing is in the table, so nothing is committed").containsEntry(PARTITION, new OffsetAndMetadata(0));
        assertThatThrownBy(() -> task.put(List.of(row("z", 1, null))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("no_such_table");
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneLeavesTheNewerRow() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + VERSIONED_TABLE);
            s.execute("CREATE TABLE " + VERSIONED_TABLE
                    + " (id VARCHAR(64) PRIMARY KEY, qty INT, modified DATETIME(3), ts BIGINT)");
        }
        start(VERSIONED_TABLE, Map.of(RowSinkConfig.VERSION_COLUMNS, "modified,ts"));
        task.put(List.of(versioned("a", 2, 20, 200), versioned("b", 2, 20, 200), versioned("c", 2, 20, 200),
                versioned("d", 1, null, null)));
        // A replay or a zombie task: older versions after newer ones, across puts and within one.
        task.put(List.of(versioned("a", 1, 10, 900), versioned("b", 3, 20, 100), versioned("c", 4, 20, 300),
                versioned("d", 5, 10, 1)));
        task.put(List.of(versioned("e", 2, 20, 200), versioned("e", 1, 10, 100)));

        task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset)));
        assertThat(quantities(VERSIONED_TABLE)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "a", 2, // an earlier modified loses, whatever its ts
                "b", 2, // the same modified and a lower ts loses
                "c", 4, // the same modified and a higher ts wins
                "d", 5, // a row without a version is replaced by any
                "e", 2))); // within one put as across puts
    }

    @Test
    void anErrorInTheWriterFailsTheTaskWithoutCommittingItsPut() {
        start(TABLE, Map.of(RowSinkConfig.CONNECTION_URL, ErrorThrowingDriver.url()));
        long first = offset;
        task.put(List.of(row("a", 1, null), row("b", 1, null)));

        assertThat(task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                .as("the put never reached the table").containsEntry(PARTITION, new OffsetAndMetadata(first));
        assertThatThrownBy(() -> task.put(List.of(row("c", 1, null)))).isInstanceOf(ConnectException.class)
                .hasMessageContaining(ErrorThrowingDriver.MESSAGE);
    }

    @Test
    void statementsStayWithinTheServersMaxAllowedPacket() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TEXT_TABLE);
            s.execute("CREATE TABLE " + TEXT_TABLE + " (id VARCHAR(64) PRIMARY KEY, qty INT, note VARCHAR(400))");
            s.execute("SET GLOBAL max_allowed_packet = " + SMALL_PACKET);
        }
        try {
            start(TEXT_TABLE);
            // 1,000 rows of 300 Chinese characters: 900 kB of text in one statement, the packet takes 64 kB.
            List<SinkRecord> rows = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                rows.add(row("r" + i, i, "货品备注".repeat(75)));
            }
            task.put(rows);

            assertThat(task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                    .containsEntry(PARTITION, new OffsetAndMetadata(offset));
            assertThat(context.deadLetters).isEmpty();
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CHAR_LENGTH(note)) FROM " + TEXT_TABLE)) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1000);
                assertThat(rs.getLong(2)).isEqualTo(300_000);
            }
        } finally {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("SET GLOBAL max_allowed_packet = DEFAULT");
            }
        }
    }

    @Test
    void aConnectionThatFallsSilentTimesOutInsteadOfHangingTheTask() throws Exception {
        try (HalfOpenProxy proxy = HalfOpenProxy.to(jdbcUrl)) {
            start(TABLE, Map.of(RowSinkConfig.CONNECTION_URL, proxy.jdbcUrl(),
                    RowSinkConfig.SOCKET_TIMEOUT_MS, "1500"));
            task.put(List.of(row("a", 1, null)));
            assertThat(task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                    .containsEntry(PARTITION, new OffsetAndMetadata(offset));

            proxy.fallSilent();
            long held = offset;
            task.put(List.of(row("b", 1, null)));
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(
                    task.preCommit(Map.of(PARTITION, new OffsetAndMetadata(offset))))
                    .as("the silent put holds its offset back").containsEntry(PARTITION, new OffsetAndMetadata(held)));
            assertThatThrownBy(() -> task.put(List.of())).as("and is written again later")
                    .isInstanceOf(RetriableException.class);
        }
    }

    private void start(String table) {
        start(table, Map.of());
    }

    private void start(String table, Map<String, String> more) {
        // As the sink's user, over TLS.
        Map<String, String> config = new HashMap<>(sinkConnection);
        config.put(RowSinkConfig.TABLE, table);
        config.putAll(more);
        task.initialize(context);
        task.start(config);
    }

    private SinkRecord versioned(String id, int qty, Integer modifiedMinute, Long ts) {
        Struct value = new Struct(VERSIONED).put("id", id).put("qty", qty).put("ts", ts)
                .put("modified", modifiedMinute == null ? null
                        : new java.util.Date(Duration.ofMinutes(modifiedMinute).toMillis()));
        return new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, id, VERSIONED, value, offset++);
    }

    private SinkRecord versioned(String id, int qty, int modifiedMinute, long ts) {
        return versioned(id, qty, Integer.valueOf(modifiedMinute), Long.valueOf(ts));
    }

    private SinkRecord row(String id, int qty, String note) {
        return new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, id, ROW,
                new Struct(ROW).put("id", id).put("qty", qty).put("note", note), offset++);
    }

    private Map<String, Integer> quantities() throws SQLException {
        return quantities(TABLE);
    }

    private Map<String, Integer> quantities(String table) throws SQLException {
        Map<String, Integer> rows = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, qty FROM " + table)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getInt(2));
            }
        }
        return rows;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, EmbeddedMariaDb.USER, "");
    }

    /** What Connect gives a task: here a dead-letter reporter that keeps what it is given, or fails to send it. */
    private static final class TestContext implements SinkTaskContext {
        final List<SinkRecord> deadLetters = new ArrayList<>();
        RuntimeException deadLetterFailure;
        /** A registry of its own, as Connect gives each task. */
        final PluginMetricsImpl pluginMetrics = new PluginMetricsImpl(new Metrics(), Map.of("task", TABLE));

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return (record, error) -> {
                if (deadLetterFailure != null) {
                    return CompletableFuture.failedFuture(deadLetterFailure);
                }
                deadLetters.add(record);
                return CompletableFuture.completedFuture(null);
            };
        }

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(PARTITION);
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return pluginMetrics;
        }
    }
}
