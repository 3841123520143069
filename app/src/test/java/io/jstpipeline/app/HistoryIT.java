package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** A second consumer plugs into the row topics without touching the rest: the history of every row. */
class HistoryIT {

    @Test
    void theHistoryTableKeepsEveryVersionWhileTheLiveTableKeepsTheLatest() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        pipeline.enableHistory();
        ObjectNode note;
        try (InputStream in = getClass().getResourceAsStream("/saleout-history.json")) {
            note = (ObjectNode) Json.MAPPER.readTree(in);
        }
        try (Producer<String, String> producer = pipeline.producer()) {
            send(producer, note);
            note.put("modified", "2024-01-03 10:00:00").put("ts", note.get("ts").asLong() + 1);
            ((ObjectNode) note.get("items").get(0)).put("name", "纯棉圆领短袖T恤（新款）");
            send(producer, note);
            note.put("modified", "2024-01-04 10:00:00").put("ts", note.get("ts").asLong() + 1);
            ((ArrayNode) note.get("items")).remove(2);
            send(producer, note);
        }

        await().atMost(Duration.ofMinutes(2)).until(() -> count("saleout_list_query_history") == 8
                && count("saleout_list_query") == 2);
        assertThat(names("saleout_list_query")).containsExactlyInAnyOrder("纯棉圆领短袖T恤（新款）", "加绒连帽卫衣");
        assertThat(names("saleout_list_query_history")).contains("纯棉圆领短袖T恤", "纯棉圆领短袖T恤（新款）", "赠品帆布袋");
        assertThat(pipeline.stack().connectRest().status(SinkConnectors.historyName("saleout_list_query")).running())
                .isTrue();
    }

    private static void send(Producer<String, String> producer, ObjectNode note) throws Exception {
        producer.send(new ProducerRecord<>(Topics.raw("saleout"), note.get("o_id").asText(),
                Json.MAPPER.writeValueAsString(note))).get();
    }

    private static long count(String table) throws Exception {
        try (Connection c = SharedStack.get().tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table + " WHERE io_id = 95000017")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static java.util.List<String> names(String table) throws Exception {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = SharedStack.get().tableRows().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT items_name FROM " + table
                     + " WHERE io_id = 95000017")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
