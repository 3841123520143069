package io.jstpipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jstpipeline.common.Topics;
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
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own mappings.yml, with a table the built-in file does not have and a column under a name of its own,
 * goes all the way: {@code connectors apply --mappings-file} puts a connector that converts rows with that
 * mapping, and the values reach the table instead of NULLs.
 */
class CustomMappingIT {

    private static final String FLOW = "custom_note";
    private static final String TABLE = "custom_note_list";
    private static final String MAPPING = """
            tables:
              - name: custom_note_list
                flow: custom_note
                document_id: o_id
                explode: none
                row_id: "{o_id}"
                columns:
                  - {name: o_id, type: bigint, required: true}
                  - {name: buyer_note, source: buyer_message, type: string(100)}
                  - {name: modified, type: datetime}
                  - {name: ts, type: bigint}
            """;

    @TempDir
    Path temp;

    @Test
    void aCustomMappingsTablesAndColumnsReachTheDatabase() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        Path file = Files.writeString(temp.resolve("mappings.yml"), MAPPING);
        StringWriter out = new StringWriter();
        // The topics as the transformer's service would lay them out: raw and rows of the mapping's own table.
        assertThat(JstPipeline.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute("topics", "apply", "--mappings-file", file.toString(),
                        "--bootstrap-servers", pipeline.stack().bootstrapServers())).as(out.toString()).isZero();
        int exit = JstPipeline.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true))
                .execute("connectors", "apply", "--mappings-file", file.toString(),
                        "--bootstrap-servers", pipeline.stack().bootstrapServers(),
                        "--connect-url", pipeline.stack().connectRest().baseUrl(),
                        "--mysql-url", pipeline.stack().database().jdbcUrl(),
                        "--mysql-user", pipeline.stack().database().user(), "--timeout", "PT60S");
        assertThat(exit).as(out.toString()).isZero();

        try (TransformerService transformer = new TransformerService(Mappings.load(file), TransformerService.config(
                pipeline.stack().kafka(), "jst-custom-mapping-it", Files.createDirectory(temp.resolve("state"))));
             Producer<String, String> producer = pipeline.producer()) {
            transformer.start();
            producer.send(new ProducerRecord<>(Topics.raw(FLOW), "7001", """
                    {"o_id": 7001, "buyer_message": "请周末送货", "modified": "2026-12-01 10:00:00", "ts": 5}""")).get();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(notes(pipeline))
                    .containsExactlyEntriesOf(Map.of(7001L, "请周末送货")));
        }
    }

    private static Map<Long, String> notes(DemoPipeline pipeline) throws Exception {
        try (Connection c = pipeline.stack().database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT o_id, buyer_note FROM " + TABLE)) {
            Map<Long, String> notes = new java.util.TreeMap<>();
            while (rs.next()) {
                notes.put(rs.getLong(1), rs.getString(2));
            }
            return notes;
        }
    }
}
