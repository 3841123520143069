package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.extractor.ExtractorService;
import io.jstpipeline.extractor.flow.ExtractionListener;
import io.jstpipeline.extractor.flow.ExtractionResult;
import io.jstpipeline.extractor.qimen.QimenCallPolicy;
import io.jstpipeline.extractor.window.PagePool;
import io.jstpipeline.mapping.ColumnMapping;
import io.jstpipeline.mapping.ColumnType;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.ConsumerLag;
import io.jstpipeline.sandbox.QimenGateway;
import io.jstpipeline.transformer.TransformerService;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real stack end to end: sandbox → extractor → Kafka → Streams → Connect with the row JDBC
 * sink → MariaDB, all on the shared embedded pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final TableMapping TABLE = DemoPipeline.TABLE;
    private static final int NOTES = 300;
    private static final int ORDERS = 200;
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(3);

    private static DemoPipeline pipeline;
    private static QimenGateway gateway;
    private static ExtractorService extractor;
    private static Map<String, Set<String>> expected;
    private static Set<String> expectedIds;
    private static LocalDateTime extractedUntil;

    @BeforeAll
    static void loadTheSandbox() throws Exception {
        pipeline = SharedStack.get();
        // A seed of its own, so that these notes share no id with other tests' data.
        gateway = QimenGateway.start(DemoRun.sandbox(NOTES, ORDERS, 20241122L));
        expected = DemoRun.expectedRowIds(gateway.saleouts(), gateway.orders());
        expectedIds = expected.get(TABLE.name());
        extractor = pipeline.extractor(DemoPipeline.credentialsOf(gateway), QimenCallPolicy.defaults(), "pipeline-it",
                gateway.options().from(), PagePool.DEFAULT_CONCURRENCY);
        extractedUntil = gateway.options().to();
        ExtractionResult result = extractor.runner("saleout").incremental(ExtractionListener.NONE);
        assertThat(result.documents()).isEqualTo(NOTES);
        assertThat(extractor.runner("order").incremental(ExtractionListener.NONE).documents()).isEqualTo(ORDERS);
        await().atMost(LOAD_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> countRowsOf(gateway.saleouts()) >= expectedIds.size()
                        && orderRows("order_list_query") >= expected.get("order_list_query").size()
                        && orderRows("order_item_list_query") >= expected.get("order_item_list_query").size());
    }

    @AfterAll
    static void stopTheSandbox() throws Exception {
        extractor.close();
        gateway.close();
    }

    @Test
    @Order(1)
    void everyItemOfEveryNoteIsOneRow() throws Exception {
        assertThat(pipeline.tableRows().ids(TABLE.name(), TABLE.idColumn())).containsAll(expectedIds);
        assertThat(countRowsOf(gateway.saleouts())).isEqualTo(expectedIds.size());
    }

    @Test
    @Order(2)
    void sampledRowsHoldTheSandboxValuesInEveryColumn() throws Exception {
        assertSampledRows(TABLE, gateway.saleouts(), "items", "ioi_id");
    }

    @Test
    @Order(2)
    void orderTablesHoldEveryPaymentAndItemWithTheSandboxValues() throws Exception {
        TableMapping payments = DemoPipeline.MAPPINGS.table("order_list_query");
        TableMapping items = DemoPipeline.MAPPINGS.table("order_item_list_query");
        assertThat(pipeline.tableRows().ids(payments.name(), payments.idColumn()))
                .containsAll(expected.get(payments.name()));
        assertThat(orderRows(payments.name())).isEqualTo(expected.get(payments.name()).size());
        assertThat(orderRows(items.name())).isEqualTo(expected.get(items.name()).size());
        assertThat(expected.get(payments.name())).as("the sandbox has orders without payments")
                .anyMatch(id -> id.endsWith("-none"));
        assertSampledRows(payments, gateway.orders(), "pays", "pay_id");
        assertSampledRows(items, gateway.orders(), "items", "oi_id");
    }

    @Test
    @Order(3)
    void extractingTheSameWindowAgainLeavesTheRowsAsTheyAre() throws Exception {
        long rowsBefore = pipeline.tableRows().count(TABLE.name());
        long rowRecordsBefore = endOffsets(Topics.rows(TABLE.name()));

        ExtractionResult again = extractor.runner("saleout").reread(gateway.options().from(), extractedUntil,
                ExtractionListener.NONE);
        assertThat(again.documents()).isEqualTo(NOTES);
        awaitTransformerCaughtUp();

        assertThat(endOffsets(Topics.rows(TABLE.name()))).as("row records after the same notes again")
                .isEqualTo(rowRecordsBefore);
        assertThat(pipeline.tableRows().count(TABLE.name())).isEqualTo(rowsBefore);
        assertThat(countRowsOf(gateway.saleouts())).isEqualTo(expectedIds.size());
    }

    @Test
    @Order(4)
    void aRecordTheSinkCannotConvertGoesToItsDeadLetterTopicAndTheConnectorKeepsRunning() throws Exception {
        String rows = Topics.rows(TABLE.name());
        String note;
        try (InputStream in = getClass().getResourceAsStream("/saleout-3-items.json")) {
            note = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Producer<String, String> producer = pipeline.producer()) {
            producer.send(new ProducerRecord<>(rows, "broken-1", "this is not JSON")).get();
            producer.send(new ProducerRecord<>(Topics.raw(TABLE.flow()), "99200017", note)).get();
        }

        ConsumerRecord<String, String> dead = deadLetter(Topics.sinkDlq(TABLE.name()), "broken-1");
        assertThat(dead.key()).isEqualTo("broken-1");
        assertThat(dead.value()).isEqualTo("this is not JSON");
        assertThat(dead.headers().lastHeader("__connect.errors.exception.class.name")).isNotNull();

        await().atMost(LOAD_TIMEOUT).until(() -> countWhere("io_id = 99000017") == 3);
        assertThat(pipeline.stack().connectRest().status(SinkConnectors.name(TABLE.name())).running()).isTrue();
    }

    @Test
    @Order(5)
    void anItemRemovedByALaterVersionOfItsOrderIsDeletedFromMySql() throws Exception {
        ObjectNode order = gateway.orders().stream().filter(o -> o.get("items").size() >= 2).findFirst().orElseThrow();
        String oId = order.get("o_id").asText();
        String removed = oId + "-" + order.get("items").get(0).get("oi_id").asText();
        String kept = oId + "-" + order.get("items").get(1).get("oi_id").asText();
        gateway.reviseOrder(order.get("o_id").asLong(), o -> ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("items")).remove(0));

        // The revision is newer than the incremental run's safety lag allows, so read the last hour again.
        extractor.runner("order").reread(QimenTime.now().minusHours(1), QimenTime.now().plusMinutes(1),
                ExtractionListener.NONE);

        await().atMost(LOAD_TIMEOUT).until(() -> !pipeline.tableRows().ids("order_item_list_query", "id")
                .contains(removed));
        assertThat(pipeline.tableRows().ids("order_item_list_query", "id")).contains(kept);
    }

    /** Every column of every row of every 20th document equals the sandbox's value after conversion. */
    private static void assertSampledRows(TableMapping table, List<ObjectNode> documents, String array,
                                          String elementId) throws Exception {
        try (Connection c = pipeline.tableRows().connect();
             PreparedStatement select = c.prepareStatement("SELECT * FROM " + table.name() + " WHERE id = ?")) {
            for (int i = 0; i < documents.size(); i += 20) {
                JsonNode document = documents.get(i);
                String documentId = document.get(table.documentId()).asText();
                List<JsonNode> elements = new ArrayList<>();
                document.path(array).forEach(elements::add);
                if (elements.isEmpty()) {
                    elements.add(null);
                }
                for (JsonNode element : elements) {
                    String id = documentId + "-" + (element == null ? "none" : element.get(elementId).asText());
                    select.setString(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        assertThat(row.next()).as("row %s of %s", id, table.name()).isTrue();
                        for (ColumnMapping column : table.columns()) {
                            JsonNode source = column.fromElement()
                                    ? (element == null ? null : element.get(column.field()))
                                    : document.get(column.field());
                            assertThat(valueOf(row, column)).as("%s of row %s in %s", column.name(), id, table.name())
                                    .isEqualTo(expected(column.type(), source));
                        }
                    }
                }
            }
        }
    }

    private static long orderRows(String table) throws Exception {
        List<ObjectNode> orders = gateway.orders();
        long min = orders.stream().mapToLong(n -> n.get("o_id").asLong()).min().orElseThrow();
        long max = orders.stream().mapToLong(n -> n.get("o_id").asLong()).max().orElseThrow();
        try (Connection c = pipeline.tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table
                     + " WHERE o_id BETWEEN " + min + " AND " + max)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Object valueOf(ResultSet row, ColumnMapping column) throws Exception {
        ColumnType type = column.type();
        Object value;
        if (type instanceof ColumnType.Decimal) {
            value = row.getBigDecimal(column.name());
        } else if (type instanceof ColumnType.DateTime) {
            value = row.getObject(column.name(), LocalDateTime.class);
        } else if (type instanceof ColumnType.Bool) {
            value = row.getBoolean(column.name());
        } else if (type instanceof ColumnType.Int) {
            value = row.getInt(column.name());
        } else if (type instanceof ColumnType.BigInt) {
            value = row.getLong(column.name());
        } else {
            value = row.getString(column.name());
        }
        return row.wasNull() ? null : value;
    }

    /** The sandbox's value as the column should hold it, written out here independently of the transformer. */
    private static Object expected(ColumnType type, JsonNode source) {
        if (source == null || source.isNull()) {
            return null;
        }
        if (source.isTextual() && source.asText().isBlank()) {
            return null; // empty text is no value, for text columns too
        }
        if (type instanceof ColumnType.Text) {
            return source.asText().strip();
        }
        if (type instanceof ColumnType.Decimal d) {
            return new BigDecimal(source.asText()).setScale(d.scale());
        } else if (type instanceof ColumnType.DateTime) {
            return QimenTime.parse(source.asText());
        } else if (type instanceof ColumnType.Bool) {
            return source.asBoolean();
        } else if (type instanceof ColumnType.Int) {
            return source.asInt();
        } else {
            return source.asLong();
        }
    }

    private static long countRowsOf(List<ObjectNode> notes) throws Exception {
        long min = notes.stream().mapToLong(n -> n.get("io_id").asLong()).min().orElseThrow();
        long max = notes.stream().mapToLong(n -> n.get("io_id").asLong()).max().orElseThrow();
        return countWhere("io_id BETWEEN " + min + " AND " + max);
    }

    private static long countWhere(String where) throws Exception {
        try (Connection c = pipeline.tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + TABLE.name() + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The raw topic is written without transactions, so a group lag of zero means every record was processed. */
    private static void awaitTransformerCaughtUp() {
        await().atMost(LOAD_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Admin admin = pipeline.stack().admin()) {
                return ConsumerLag.of(admin, pipeline.stack().kafka(), TransformerService.DEFAULT_APPLICATION_ID,
                        List.of(Topics.raw(TABLE.flow()))) == 0;
            }
        });
    }

    private static long endOffsets(String topic) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(java.util.Map.of(
                "bootstrap.servers", pipeline.stack().bootstrapServers()), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The dead letter with {@code key}: other tests put theirs in the same topic. */
    static ConsumerRecord<String, String> deadLetter(String topic, String key) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(java.util.Map.of(
                "bootstrap.servers", SharedStack.get().stack().bootstrapServers(),
                "group.id", "dead-letters-" + key + "-" + System.nanoTime(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(LOAD_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.stream().anyMatch(r -> key.equals(r.key()));
            });
            return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }
}
