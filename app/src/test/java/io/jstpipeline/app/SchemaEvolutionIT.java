package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.transformer.TransformerService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user changes their own mappings.yml and runs {@code topics apply} and {@code connectors apply} again, as the
 * README says: a column added reaches the table and is filled by the rows that follow, a column removed stays in
 * the table with a warning, a table added gets its row topic, table and connector, and a changed type stops with
 * the table, the column and both types named.
 */
class SchemaEvolutionIT {

    private static final String FLOW = "evolve_note";
    private static final String TABLE = "evolve_note_list";
    private static final String ITEMS = "evolve_note_item";
    private static final String FIRST = """
            tables:
              - name: evolve_note_list
                flow: evolve_note
                document_id: o_id
                explode: none
                row_id: "{o_id}"
                columns:
                  - {name: o_id, type: bigint, required: true}
                  - {name: buyer_note, source: buyer_message, type: string(100)}
                  - {name: legacy_flag, source: flag, type: string(20)}
                  - {name: ts, type: bigint}
            """;
    /** The first without legacy_flag, with shop_name, and a second table of the documents' items. */
    private static final String SECOND = """
            tables:
              - name: evolve_note_list
                flow: evolve_note
                document_id: o_id
                explode: none
                row_id: "{o_id}"
                columns:
                  - {name: o_id, type: bigint, required: true}
                  - {name: buyer_note, source: buyer_message, type: string(100)}
                  - {name: ts, type: bigint}
                  - {name: shop_name, type: string(64), comment: 店铺名称}
              - name: evolve_note_item
                flow: evolve_note
                document_id: o_id
                explode: items
                row_id: "{o_id}-{items.sku_id}"
                columns:
                  - {name: o_id, type: bigint, required: true}
                  - {name: items_sku_id, source: items.sku_id, type: string(32), required: true}
                  - {name: items_qty, source: items.qty, type: int}
            """;

    @TempDir
    Path temp;

    @Test
    void aChangedMappingChangesTheTablesAndTheRowsThatFollow() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        Path first = Files.writeString(temp.resolve("first.yml"), FIRST);
        apply(pipeline, first);
        try (Producer<String, String> producer = pipeline.producer()) {
            producer.send(new ProducerRecord<>(Topics.raw(FLOW), "8001", """
                    {"o_id": 8001, "buyer_message": "first", "flag": "old", "ts": 1, "modified": "2026-12-01 10:00:00",
                     "shop_name": "not mapped yet",
                     "items": [{"sku_id": "A", "qty": 2}]}""")).get();
        }
        transform(pipeline, first, "first", () -> assertThat(rows(pipeline, "SELECT o_id, buyer_note, legacy_flag FROM "
                + TABLE)).containsExactly(Map.entry(8001L, "first|old")));

        Path second = Files.writeString(temp.resolve("second.yml"), SECOND);
        String applied = apply(pipeline, second);

        assertThat(applied).contains(
                "table " + TABLE + ": added column shop_name VARCHAR(64) NULL COMMENT '店铺名称'",
                "table " + TABLE + " keeps column legacy_flag, which the mapping no longer has");
        try (Admin admin = pipeline.stack().admin()) {
            assertThat(admin.listTopics().names().get()).contains(Topics.rows(ITEMS));
        }
        assertThat(pipeline.stack().connectRest().status(SinkConnectors.name(ITEMS)).running()).isTrue();
        try (Producer<String, String> producer = pipeline.producer()) {
            producer.send(new ProducerRecord<>(Topics.raw(FLOW), "8002", """
                    {"o_id": 8002, "buyer_message": "second", "flag": "gone", "ts": 1, "modified": "2026-12-01 10:00:00",
                     "shop_name": "旗舰店",
                     "items": [{"sku_id": "B", "qty": 3}]}""")).get();
        }
        // A transformer of the new mapping (the services' restart after a mapping change) rereads the raw topic.
        transform(pipeline, second, "second", () -> {
            assertThat(rows(pipeline, "SELECT o_id, shop_name, legacy_flag FROM " + TABLE)).containsExactly(
                    Map.entry(8001L, "not mapped yet|old"), Map.entry(8002L, "旗舰店|null"));
            assertThat(rows(pipeline, "SELECT o_id, items_sku_id, items_qty FROM " + ITEMS)).containsExactly(
                    Map.entry(8001L, "A|2"), Map.entry(8002L, "B|3"));
        });

        Path retyped = Files.writeString(temp.resolve("retyped.yml"),
                SECOND.replace("type: string(64), comment: 店铺名称", "type: string(32)")); // narrower: stops
        StringWriter out = new StringWriter();
        int exit = connectorsApply(pipeline, retyped, out);
        assertThat(exit).as(out.toString()).isEqualTo(2);
        assertThat(out.toString()).contains("table " + TABLE + ": column shop_name is VARCHAR(64) in the table but "
                + "VARCHAR(32) in the mapping");
        assertThat(rows(pipeline, "SELECT CHARACTER_MAXIMUM_LENGTH, COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + TABLE + "' AND COLUMN_NAME = 'shop_name'"))
                .containsExactly(Map.entry(64L, "shop_name"));
    }

    /** {@code topics apply} then {@code connectors apply} with the mappings file; their output. */
    private static String apply(DemoPipeline pipeline, Path mappings) {
        StringWriter out = new StringWriter();
        assertThat(JstPipeline.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute("topics", "apply", "--mappings-file", mappings.toString(),
                        "--bootstrap-servers", pipeline.stack().bootstrapServers())).as(out.toString()).isZero();
        assertThat(connectorsApply(pipeline, mappings, out)).as(out.toString()).isZero();
        return out.toString();
    }

    private static int connectorsApply(DemoPipeline pipeline, Path mappings, StringWriter out) {
        return JstPipeline.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute("connectors", "apply", "--mappings-file", mappings.toString(),
                        "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                        "--connect-url", pipeline.stack().connectRest().baseUrl(),
                        "--mysql-url", pipeline.stack().database().jdbcUrl(),
                        "--mysql-user", pipeline.stack().database().user(), "--timeout", "PT60S");
    }

    private void transform(DemoPipeline pipeline, Path mappings, String name,
                           org.awaitility.core.ThrowingRunnable until) throws Exception {
        try (TransformerService transformer = new TransformerService(Mappings.load(mappings), TransformerService.config(
                pipeline.stack().kafka(), "jst-schema-evolution-it-" + name,
                Files.createDirectory(temp.resolve("state-" + name))))) {
            transformer.start();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(until);
        }
    }

    /** The first column by the others joined with '|', in key order. */
    private static Map<Long, String> rows(DemoPipeline pipeline, String query) throws Exception {
        try (Connection c = pipeline.stack().database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            Map<Long, String> rows = new TreeMap<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder values = new StringBuilder();
                for (int i = 2; i <= columns; i++) {
                    values.append(i > 2 ? "|" : "").append(rs.getString(i));
                }
                rows.put(rs.getLong(1), values.toString());
            }
            return rows;
        }
    }
}
