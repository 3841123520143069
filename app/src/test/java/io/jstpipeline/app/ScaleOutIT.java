package io.jstpipeline.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.common.qimen.QimenTime;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.connect.TableSchema;
import io.jstpipeline.demo.DemoPipeline;
import io.jstpipeline.demo.DemoRun;
import io.jstpipeline.demo.DemoStack;
import io.jstpipeline.mapping.Mappings;
import io.jstpipeline.mapping.TableDdl;
import io.jstpipeline.mapping.TableMapping;
import io.jstpipeline.ops.TopicLayout;
import io.jstpipeline.sandbox.SaleoutGenerator;
import io.jstpipeline.transformer.TransformerService;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two transformer instances share a 3-partition raw topic; one is stopped mid-run. The table ends with
 * every row, and the row topic holds each row once: exactly-once across the hand-over.
 */
class ScaleOutIT {

    private static final String TABLE = "saleout_scale";
    private static final int NOTES = 2000;

    @Test
    void aSecondInstanceSharesTheWorkAndOneStoppingMidRunLosesNothingAndRepeatsNothing() throws Exception {
        DemoPipeline pipeline = SharedStack.get();
        String bootstrap = pipeline.stack().bootstrapServers();
        TableMapping saleout = DemoPipeline.MAPPINGS.table("saleout_list_query");
        TableMapping table = new TableMapping(TABLE, TABLE, saleout.documentId(), saleout.explode(),
                saleout.keepEmpty(), saleout.rowId(), saleout.emptyRowId(), saleout.columns(), saleout.skip(),
                saleout.indexes());
        Mappings mappings = new Mappings("scale-it", List.of(table));
        try (Admin admin = pipeline.stack().admin()) {
            TopicLayout layout = new TopicLayout(3, DemoStack.REPLICATION_FACTOR);
            layout.create(admin, layout.all(List.of(TABLE), List.of(TABLE)));
        }
        TableSchema.create(pipeline.stack().database(), TableDdl.createTable(table));
        Map<String, String> connector = pipeline.stack().sinks().config(table, pipeline.stack().database());
        pipeline.stack().connectRest().putConnector(SinkConnectors.name(TABLE), connector);

        List<ObjectNode> notes = new SaleoutGenerator(31, NOTES, QimenTime.now().minusDays(3), QimenTime.now())
                .documents();
        Set<String> expected = DemoRun.expectedRowIds(notes, List.of()).get("saleout_list_query");
        TransformerService first = instance(bootstrap, mappings, "a");
        TransformerService second = instance(bootstrap, mappings, "b");
        try (Producer<String, String> producer = pipeline.producer()) {
            for (int i = 0; i < notes.size(); i++) {
                ObjectNode note = notes.get(i);
                producer.send(new ProducerRecord<>(Topics.raw(TABLE), note.get("o_id").asText(),
                        Json.MAPPER.writeValueAsString(note)));
                if (i == NOTES / 2) {
                    producer.flush();
                    await().atMost(Duration.ofMinutes(2)).until(() -> pipeline.tableRows().count(TABLE) > 0);
                    second.close();
                }
            }
        } finally {
            second.close();
        }
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> pipeline.tableRows().count(TABLE) >= expected.size());
        } finally {
            first.close();
        }

        assertThat(pipeline.tableRows().ids(TABLE, "id")).containsExactlyInAnyOrderElementsOf(expected);
        Map<String, Integer> emitted = new HashMap<>();
        for (ConsumerRecord<String, String> row : RawTopic.read(bootstrap, Topics.rows(TABLE),
                IsolationLevel.READ_COMMITTED)) {
            emitted.merge(row.key(), 1, Integer::sum);
        }
        assertThat(emitted.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(emitted.values()).as("each row emitted once across the hand-over").containsOnly(1);
    }

    private static TransformerService instance(String bootstrap, Mappings mappings, String name) throws Exception {
        TransformerService service = new TransformerService(mappings, TransformerService.config(KafkaConnection.plaintext(bootstrap),
                "jst-transformer-scale-it", Files.createTempDirectory("streams-" + name)));
        service.start();
        return service;
    }
}
