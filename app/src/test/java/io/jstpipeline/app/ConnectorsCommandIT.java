package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.ConnectRestClient;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.jdbcsink.RowSinkConfig;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConnectorsCommandIT {

    private static final String SALEOUTS = "saleout_list_query";

    @Test
    void applyPutsEveryTablesConnectorAndWaitsUntilTheyRun() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        StringWriter out = new StringWriter();

        int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true)).execute("connectors", "apply",
                "--history", "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--mysql-url", pipeline.stack().database().jdbcUrl(), "--mysql-user", pipeline.stack().database().user());

        assertThat(exit).as(out.toString()).isZero();
        DemoPipeline.MAPPINGS.tables().forEach(table -> assertThat(out.toString())
                .contains(SinkConnectors.name(table.name()) + " RUNNING")
                .contains(SinkConnectors.historyName(table.name()) + " RUNNING"));
        assertThat(pipeline.tableRows().count("order_item_list_query_history")).isNotNegative();
        assertThat(pipeline.stack().connectRest().connectors())
                .contains(SinkConnectors.name("order_item_list_query"));
        // On a cluster of one broker: laid out by the command at kafka.replication-factor (1), not Connect's 3.
        try (var admin = pipeline.stack().admin()) {
            assertThat(admin.listTopics().names().get()).containsAll(DemoPipeline.MAPPINGS.tables().stream()
                    .map(t -> Topics.sinkDlq(t.name() + "_history")).toList());
        }
    }

    @Test
    void listShowsEverySinkConnectorWithItsClassStateAndTasks() throws Exception {
        DemoPipeline pipeline = SharedStack.get();

        Run list = connectors(pipeline, Map.of(), "list");
        Run json = connectors(pipeline, Map.of(), "list", "--json");
        Run status = connectors(pipeline, Map.of(), "status");

        assertThat(list.exit()).as(list.toString()).isZero();
        DemoPipeline.MAPPINGS.tables().forEach(table -> assertThat(list.out()).containsPattern(
                SinkConnectors.name(table.name()) + " +sink +io.jstpipeline.jdbcsink.RowSinkConnector +RUNNING +tasks 0 RUNNING"));
        assertThat(json.exit()).as(json.toString()).isZero();
        List<String> names = new ArrayList<>();
        Json.MAPPER.readTree(json.out()).forEach(connector -> names.add(connector.path("name").asText()));
        assertThat(names).contains(SinkConnectors.name(SALEOUTS));
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out().lines()).hasSize(DemoPipeline.MAPPINGS.tables().size())
                .allMatch(line -> line.contains("RUNNING    tasks 0 RUNNING"));
    }

    @Test
    void pausedSinksWriteNothingUntilResumed() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        List<ObjectNode> saleouts;
        try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(12, 0, 61).withIdOffset(8_100_000_000L))) {
            saleouts = gateway.saleouts();
        }
        Set<String> rows = DemoRun.expectedRowIds(saleouts, List.of()).get(SALEOUTS);

        Run pause = connectors(pipeline, Map.of(), "pause");
        try {
            assertThat(pause.exit()).as(pause.toString()).isZero();
            assertThat(pause.out()).contains(SinkConnectors.name(SALEOUTS) + " PAUSED");
            assertThat(pipeline.stack().connectRest().status(SinkConnectors.name(SALEOUTS)).connector())
                    .isEqualTo("PAUSED");
            long rowsBefore = rowRecords(pipeline);
            try (Producer<String, String> producer = pipeline.producer()) {
                for (ObjectNode saleout : saleouts) {
                    producer.send(new ProducerRecord<>(Topics.raw("saleout"), saleout.get("io_id").asText(),
                            Json.MAPPER.writeValueAsString(saleout))).get();
                }
            }
            // The transformer has written the rows; the paused sink has not.
            await().atMost(Duration.ofMinutes(1)).until(() -> rowRecords(pipeline) >= rowsBefore + rows.size());
            Thread.sleep(3_000);
            assertThat(pipeline.tableRows().ids(SALEOUTS, "id")).doesNotContainAnyElementsOf(rows);
        } finally {
            Run resume = connectors(pipeline, Map.of(), "resume");
            assertThat(resume.exit()).as(resume.toString()).isZero();
            assertThat(resume.out()).contains(SinkConnectors.name(SALEOUTS) + " RUNNING");
        }
        ExpectedRows.awaitAmong(pipeline.tableRows(), Map.of(SALEOUTS, rows), Duration.ofMinutes(1), () -> "");
    }

    @Test
    void statusShowsAFailedTasksErrorAndRestartRunsItAgainOnceTheCauseIsGone() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        String table = "connectors_restart_it";
        String connector = SinkConnectors.name(table);
        ConnectRestClient rest = pipeline.stack().connectRest();
        try (Admin admin = pipeline.stack().admin()) {
            admin.createTopics(List.of(new NewTopic(Topics.rows(table), 1, (short) 1))).all().get();
        }
        TableSchema.create(pipeline.stack().database(),
                "CREATE TABLE " + table + " (id VARCHAR(64) NOT NULL PRIMARY KEY, amount DECIMAL(4,2))");
        Map<String, String> config = pipeline.stack().sinks().config(DemoPipeline.MAPPINGS.table(SALEOUTS),
                pipeline.stack().database(), table);
        // Rows of this table carry their schema and no version; a row MySQL refuses fails the task.
        config.remove(RowSinkConfig.VERSION_COLUMNS);
        config.put("errors.tolerance", "none");
        config.remove("errors.deadletterqueue.topic.name");
        rest.putConnector(connector, config);
        try {
            try (Producer<String, String> producer = pipeline.producer()) {
                producer.send(new ProducerRecord<>(Topics.rows(table), "r-1", """
                        {"schema": {"type": "struct", "optional": false, "fields": [
                          {"field": "id", "type": "string", "optional": false},
                          {"field": "amount", "type": "bytes", "optional": true, "name": "org.apache.kafka.connect.data.Decimal",
                           "version": 1, "parameters": {"scale": "2"}}]},
                         "payload": {"id": "r-1", "amount": 12345.67}}""")).get();
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> rest.status(connector).failed());

            Run status = connectors(pipeline, Map.of(), "status", connector);
            Run trace = connectors(pipeline, Map.of(), "status", connector, "--trace");

            assertThat(status.exit()).as(status.toString()).isOne();
            assertThat(status.out()).containsPattern(connector + " +RUNNING +tasks 0 FAILED")
                    .contains("task 0 FAILED: ").containsIgnoringCase("out of range").doesNotContain("\tat ");
            assertThat(status.out().lines()).hasSize(2);
            assertThat(trace.out()).contains("\tat ");

            try (Connection connection = pipeline.stack().database().connect();
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE " + table + " MODIFY amount DECIMAL(12,2)");
            }
            Run restart = connectors(pipeline, Map.of(), "restart", connector, "--failed-only");

            assertThat(restart.exit()).as(restart.toString()).isZero();
            assertThat(restart.out()).contains(connector + " RUNNING");
            await().atMost(Duration.ofMinutes(1)).until(() -> pipeline.tableRows().count(table) == 1);
        } finally {
            rest.deleteConnector(connector);
        }
    }

    @Test
    void deleteNeedsYesAndApplyPutsTheConnectorBackAsItsDryRunForesaw() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        ConnectRestClient rest = pipeline.stack().connectRest();
        String connector = SinkConnectors.name("order_list_query");

        Run refused = connectors(pipeline, Map.of(), "delete", connector);
        Run unknown = connectors(pipeline, Map.of(), "delete", "jst-sink-nothing", "--yes");

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("would delete " + connector).contains("--yes");
        assertThat(unknown.exit()).isOne();
        assertThat(unknown.err().strip()).matches("jst-pipeline connectors delete: connect " + rest.baseUrl()
                .replaceAll("/$", "") + "/?: no connector jst-sink-nothing");
        assertThat(rest.connectors()).contains(connector);

        Run delete = connectors(pipeline, Map.of(), "delete", connector, "--yes");

        assertThat(delete.exit()).as(delete.toString()).isZero();
        assertThat(rest.connectors()).doesNotContain(connector);

        Run dryRun = apply(pipeline, Map.of(), "--dry-run");

        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains(connector + " (table order_list_query) would be put:",
                "  connector.class = io.jstpipeline.jdbcsink.RowSinkConnector", connector + ": new");
        assertThat(rest.connectors()).as("a dry run puts nothing").doesNotContain(connector);

        Run apply = apply(pipeline, Map.of());

        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains(connector + " RUNNING");
        assertThat(apply(pipeline, Map.of(), "--dry-run").out().lines().filter(line -> !line.startsWith(" ")))
                .containsAll(DemoPipeline.MAPPINGS.tables().stream()
                        .map(t -> SinkConnectors.name(t.name()) + ": unchanged").toList());

        // Two tasks each, and a password that must never be printed: the configuration holds its reference.
        Run changed = apply(pipeline, Map.of("JST_CONNECT_TASKS_MAX", "2"), "--dry-run",
                "--mysql-password", "dry-run-pw-1");

        assertThat(changed.out()).contains(connector + ": 3 key(s) differ from the cluster's",
                "  changed tasks.max: 1 → 2",
                "  changed connection.password: \"\" → " + SinkConnectors.WORKER_ENV_PASSWORD,
                "  connection.password = " + SinkConnectors.WORKER_ENV_PASSWORD).doesNotContain("dry-run-pw-1");
        assertThat(rest.config(connector)).containsEntry("tasks.max", "1");
        assertThat(apply(pipeline, Map.of(), "--dry-run", "--history").out())
                .contains(SinkConnectors.historyName(SALEOUTS) + " (table saleout_list_query_history) would be put:");
        assertThat(apply(pipeline, Map.of(), "--dry-run", "--sink", "debezium").out())
                .contains(SinkConnectors.debeziumName(SALEOUTS) + " (table saleout_list_query) would be put:");
    }

    /** A command's exit code and what it printed. */
    private record Run(int exit, String out, String err) {
    }

    /** {@code connectors <args>} against the shared stack's Connect, with {@code environment}. */
    private static Run connectors(DemoPipeline pipeline, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = JstPipeline.commandLine(environment).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(Stream.concat(Stream.of("connectors"),
                        Stream.concat(Stream.of(args), Stream.of("--connect-url",
                                pipeline.stack().connectRest().baseUrl()))).toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code connectors apply} pointed at the shared stack's database. */
    private static Run apply(DemoPipeline pipeline, Map<String, String> environment, String... args) {
        return connectors(pipeline, environment, Stream.concat(Stream.of("apply", "--bootstrap-servers",
                pipeline.stack().bootstrapServers(), "--mysql-url", pipeline.stack().database().jdbcUrl(),
                "--mysql-user", pipeline.stack().database().user()), Stream.of(args)).toArray(String[]::new));
    }

    /** The records in the saleouts' row topic so far. */
    private static long rowRecords(DemoPipeline pipeline) throws Exception {
        try (Admin admin = pipeline.stack().admin()) {
            String topic = Topics.rows(SALEOUTS);
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
