package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.Topics;
import io.jstpipeline.connect.SinkConnectors;
import io.jstpipeline.mapping.Mappings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What `status` shows, read from a real deployment: cursors, lag in records, dead letters, connector states. */
class PipelineStatusIT {

    private static final String TABLE = "order_item_list_query";

    @Test
    void theCursorsLagDeadLettersAndConnectorsOfTheDeploymentAreShown() throws Exception {
        OpsStack stack = OpsStack.get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRANSFORM_DLQ, "dead-1", "{}")).get();
            producer.send(new ProducerRecord<>(Topics.TRANSFORM_CLEANED, "row-1", "0000-00-00 00:00:00")).get();
        }
        String connector = SinkConnectors.name(TABLE);
        stack.connectRest().putConnector(connector, OpsStack.SINKS.config(Mappings.builtIn().table(TABLE), stack.database()));
        stack.connectRest().awaitRunning(connector, Duration.ofSeconds(60));

        PipelineStatus status;
        try (Admin admin = stack.admin()) {
            // A consumer group that has read nothing of the outbound notes: behind by every one of them.
            Map<TopicPartition, OffsetAndMetadata> start = admin.describeTopics(List.of(Topics.raw("saleout")))
                    .allTopicNames().get().get(Topics.raw("saleout")).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(Topics.raw("saleout"), p.partition()),
                            p -> new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets("status-it-behind", start).all().get();
            status = PipelineStatus.read(admin, new PipelineStatus.Sources(stack.kafka(), "status-it-no-transformer",
                    stack.connectRest(), new TableRows(stack.database()), List.of(TABLE)));
        } finally {
            stack.connectRest().deleteConnector(connector);
        }

        // The stack's extractor ran a backfill of each flow, which keeps a cursor of its own per range.
        assertThat(status.cursors()).extracting(PipelineStatus.CursorState::key).hasSize(2)
                .anyMatch(key -> key.startsWith(OpsStack.INSTANCE + "/saleout/backfill/"))
                .anyMatch(key -> key.startsWith(OpsStack.INSTANCE + "/order/backfill/"));
        assertThat(status.cursors()).allSatisfy(cursor -> {
            assertThat(cursor.completedUntil()).isEqualTo(stack.gateway.options().to());
            assertThat(cursor.behindSeconds()).isPositive();
        });
        assertThat(status.consumerLag()).containsEntry("status-it-behind", (long) stack.gateway.saleouts().size());
        assertThat(status.deadLetters()).containsEntry(Topics.TRANSFORM_DLQ, 1L).containsEntry(Topics.EXTRACT_DLQ, 0L)
                .containsEntry(Topics.sinkDlq(TABLE), 0L);
        assertThat(status.cleanedValues()).containsExactly(Map.entry(Topics.TRANSFORM_CLEANED, 1L));
        assertThat(status.connectors()).anySatisfy(state -> {
            assertThat(state.name()).isEqualTo(connector);
            assertThat(state.state()).isEqualTo("RUNNING");
            assertThat(state.tasks()).containsExactly("0:RUNNING");
            assertThat(state.error()).isNull();
        });
        assertThat(status.connect().reachable()).isTrue();
        // End offsets: the records and the commit markers of the extractor's transactions.
        assertThat(status.rawTopics().get(Topics.raw("saleout")))
                .isGreaterThanOrEqualTo(stack.gateway.saleouts().size());
        assertThat(status.transformer().instances()).as("no transformer of that application id runs").isEmpty();
        // The connector creates its table with its first rows: counted once it exists, else why not in one line.
        assertThat(status.tables()).singleElement().satisfies(table -> {
            assertThat(table.name()).isEqualTo(TABLE);
            assertThat(table.rows() == null ? table.error() : "").doesNotContain("\n").isNotNull();
            assertThat(table.rows() == null).isEqualTo(table.error() != null);
        });
    }
}
