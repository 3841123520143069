package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.DatabaseTarget;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.sandbox.QimenGateway;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Debezium's JDBC sink as a standard consumer of the row topics, beside the row sink: put by
 * {@code connectors apply --sink debezium} into a second database, it reads the same flat rows through
 * RowConverter, and after inserts, updates and deletes (tombstones) both databases hold the same rows.
 */
class DebeziumSinkIT {

    private static final long ID_OFFSET = 7_000_000_000L;
    private static final String SECOND_DATABASE = "jst_debezium";
    private static final DateTimeFormatter QIMEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void debeziumsSinkWritesTheSameRowsAsTheRowSinkAfterInsertsUpdatesAndDeletes() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        DatabaseTarget second = secondDatabase(pipeline.stack().database());
        StringWriter out = new StringWriter();

        int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true)).execute("connectors", "apply",
                "--sink", "debezium", "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                "--connect-url", pipeline.stack().connectRest().baseUrl(),
                "--mysql-url", second.jdbcUrl(), "--mysql-user", second.user());

        try {
            assertThat(exit).as(out.toString()).isZero();
            DemoPipeline.MAPPINGS.tables().forEach(table -> assertThat(out.toString())
                    .contains(SinkConnectors.debeziumName(table.name()) + " RUNNING"));

            List<ObjectNode> saleouts;
            List<ObjectNode> orders;
            try (QimenGateway gateway = QimenGateway.start(DemoRun.sandbox(60, 40, 53).withIdOffset(ID_OFFSET))) {
                saleouts = gateway.saleouts();
                orders = gateway.orders();
            }
            Map<String, Set<String>> inserted = DemoRun.expectedRowIds(saleouts, orders);
            try (Producer<String, String> producer = pipeline.producer()) {
                publish(producer, "saleout", saleouts);
                publish(producer, "order", orders);
                // A third of the documents change: every row of theirs is updated, and the last item (or payment) of
                // those with several goes, which the transformer writes as a tombstone.
                List<ObjectNode> changedSaleouts = change(saleouts.subList(0, 20), "items");
                List<ObjectNode> changedOrders = change(orders.subList(0, 14), "items", "pays");
                publish(producer, "saleout", changedSaleouts);
                publish(producer, "order", changedOrders);
            }
            Map<String, Set<String>> expected = DemoRun.expectedRowIds(saleouts, orders);

            for (TableMapping table : DemoPipeline.MAPPINGS.tables()) {
                Set<String> deleted = new HashSet<>(inserted.get(table.name()));
                deleted.removeAll(expected.get(table.name()));
                assertThat(deleted).as("rows deleted from " + table.name()).isNotEmpty();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    Set<String> ids = pipeline.tableRows().ids(table.name(), TableMapping.ID_COLUMN);
                    assertThat(ids).as(table.name()).containsAll(expected.get(table.name()))
                            .doesNotContainAnyElementsOf(deleted);
                    assertThat(rows(second, table.name())).as("%s in %s, row for row", table.name(), SECOND_DATABASE)
                            .isEqualTo(rows(pipeline.stack().database(), table.name()));
                });
            }
        } finally {
            // The shared stack's later tests find the connectors they expect, and no sink they did not put.
            List<String> running = pipeline.stack().connectRest().connectors();
            for (TableMapping table : DemoPipeline.MAPPINGS.tables()) {
                if (running.contains(SinkConnectors.debeziumName(table.name()))) {
                    pipeline.stack().connectRest().deleteConnector(SinkConnectors.debeziumName(table.name()));
                }
            }
        }
    }

    /** An empty database beside the row sink's, on the same server. */
    private static DatabaseTarget secondDatabase(DatabaseTarget first) throws SQLException {
        try (Connection c = first.connect()) {
            c.createStatement().execute("CREATE DATABASE IF NOT EXISTS " + SECOND_DATABASE);
            String url = first.jdbcUrl().replaceFirst("/" + c.getCatalog() + "(?=$|\\?)", "/" + SECOND_DATABASE);
            return new DatabaseTarget(url, first.user(), first.password(), first.tls());
        }
    }

    private static void publish(Producer<String, String> producer, String flow, List<ObjectNode> documents)
            throws Exception {
        for (ObjectNode document : documents) {
            producer.send(new ProducerRecord<>(Topics.raw(flow), document.get("o_id").asText(),
                    Json.MAPPER.writeValueAsString(document))).get();
        }
    }

    /** A newer version of each document: modified a day later, and without the last element of each array. */
    private static List<ObjectNode> change(List<ObjectNode> documents, String... arrays) {
        for (ObjectNode document : documents) {
            LocalDateTime modified = LocalDateTime.parse(document.get("modified").asText(), QIMEN_TIME);
            document.put("modified", QIMEN_TIME.format(modified.plusDays(1))).put("ts", document.get("ts").asLong() + 1);
            for (String array : arrays) {
                if (document.get(array) instanceof ArrayNode elements && elements.size() > 1) {
                    elements.remove(elements.size() - 1);
                }
            }
        }
        return documents;
    }

    /** Every row of a table with every column, in id order. */
    private static List<List<Object>> rows(DatabaseTarget database, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = database.connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table + " ORDER BY "
                     + TableMapping.ID_COLUMN)) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.add(columns.getColumnLabel(i) + "=" + rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
