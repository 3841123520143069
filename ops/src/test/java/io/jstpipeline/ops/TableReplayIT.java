package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.transformer.row.DocumentFlattener;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A table rebuilt from its raw topic while its live connector runs: every row the documents make, nothing the table
 * held besides, and every row the live sink writes meanwhile; the replay's own Streams topics gone after.
 */
class TableReplayIT {

    private static final String TABLE = "order_list_query";

    @Test
    void aTableIsRebuiltKeepingWhatTheLiveSinkWritesDuringTheSwapAndLeavesNoInternalTopics() throws Exception {
        OpsStack stack = OpsStack.get();
        TableSchema.create(stack.database(), TableDdl.createTable(OpsStack.MAPPINGS.table(TABLE)));
        try (Connection c = stack.tableRows().connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''"); // a bare row: only its id matters here
            s.execute("INSERT INTO " + TABLE + " (id, o_id) VALUES ('stale-1', 1)");
        }
        String live = SinkConnectors.name(TABLE);
        stack.connectRest().putConnector(live, OpsStack.SINKS.config(OpsStack.MAPPINGS.table(TABLE), stack.database()));
        stack.connectRest().awaitRunning(live, Duration.ofSeconds(60));
        // A row written to the live row topic as the swap begins, as `reconcile --repair` or the live transformer
        // would: the raw topic does not have its document, so only the live sink can put it into the table.
        ObjectNode repaired = ((ObjectNode) stack.gateway.orders().get(0).deepCopy()).put("o_id", 990_000_001L);
        List<DocumentFlattener.Row> repairedRows = new DocumentFlattener(OpsStack.MAPPINGS.table(TABLE))
                .flatten(repaired).rows();
        List<String> progress = new ArrayList<>();

        long rows;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            rows = new TableReplay(stack.kafka(), stack.connectRest(), stack.database(), OpsStack.MAPPINGS,
                    OpsStack.LAYOUT, OpsStack.SINKS)
                    .replay(TABLE, Duration.ofMinutes(3), line -> {
                        progress.add(line);
                        if (line.startsWith("swapping")) {
                            writeThroughTheLiveSink(stack, producer, repairedRows);
                        }
                    });
        } finally {
            stack.connectRest().deleteConnector(live);
        }

        Set<String> expected = paymentRowIds(stack.gateway.orders());
        assertThat(progress).anyMatch(line -> line.startsWith("swapping"));
        // Counted after the live connector resumed: with the row it wrote meanwhile, or not yet.
        assertThat(rows).isBetween((long) expected.size(), (long) expected.size() + repairedRows.size());
        expected.addAll(repairedRows.stream().map(DocumentFlattener.Row::id).toList());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(stack.tableRows().ids(TABLE, "id"))
                .as("the replayed rows and the one the live sink wrote during the swap")
                .containsExactlyInAnyOrderElementsOf(expected));
        assertThat(progress).anyMatch(line -> line.contains("replaying jst.raw.order into " + TABLE + "__replay"));
        try (Connection c = stack.tableRows().connect()) {
            assertThat(c.getMetaData().getTables(null, null, TABLE + "__replay", null).next())
                    .as("the staging table is gone").isFalse();
        }
        assertThat(stack.connectRest().connectors()).as("the staging connector is gone")
                .doesNotContain("jst-sink-" + TABLE + "__replay");
        try (Admin admin = stack.admin()) {
            assertThat(admin.listTopics().names().get())
                    .as("the replay application's changelog and repartition topics are gone")
                    .noneMatch(topic -> topic.startsWith("jst-replay-" + TABLE)
                            && (topic.endsWith("-changelog") || topic.endsWith("-repartition")));
            assertThat(admin.describeTopics(List.of(Topics.rows(TABLE + "__replay"))).allTopicNames().get()
                    .get(Topics.rows(TABLE + "__replay")).partitions())
                    .as("the staging rows at kafka.partitions").hasSize(OpsStack.LAYOUT.partitions());
        }
    }

    /**
     * Sends {@code rows} to the live row topic and waits until the live sink has written them into the table, or
     * is paused (then they wait in the topic).
     */
    private static void writeThroughTheLiveSink(OpsStack stack, KafkaProducer<String, byte[]> producer,
                                                List<DocumentFlattener.Row> rows) {
        try {
            for (DocumentFlattener.Row row : rows) {
                producer.send(new ProducerRecord<>(Topics.rows(TABLE), row.id(), row.json())).get();
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    stack.tableRows().ids(TABLE, "id").containsAll(rows.stream().map(DocumentFlattener.Row::id).toList())
                    || stack.connectRest().status(SinkConnectors.name(TABLE)).tasks().stream()
                            .allMatch(task -> "PAUSED".equals(task.state())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {o_id}-{pay_id}}, or {@code {o_id}-none} for an order without payments. */
    static Set<String> paymentRowIds(List<? extends JsonNode> orders) {
        Set<String> ids = new HashSet<>();
        for (JsonNode order : orders) {
            String prefix = order.path("o_id").asText() + "-";
            order.path("pays").forEach(pay -> ids.add(prefix + pay.path("pay_id").asText()));
            if (order.path("pays").isEmpty()) {
                ids.add(prefix + "none");
            }
        }
        return ids;
    }
}
