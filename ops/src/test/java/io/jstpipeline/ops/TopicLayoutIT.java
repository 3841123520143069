package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.jstpipeline.common.Topics;
import io.jstpipeline.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topic layout on a real broker: what each topic's role needs, created once, and the ends the tools read. */
class TopicLayoutIT {

    @TempDir
    static Path work;

    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(work.resolve("kafka"));
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        kafka.close();
    }

    @Test
    void eachTopicIsCreatedWithWhatItsRoleNeedsAndASecondCreateChangesNothing() throws Exception {
        TopicLayout layout = new TopicLayout(2, (short) 1);
        layout.create(admin, List.of("saleout"), List.of("saleout_list_query"));
        layout.create(admin, List.of("saleout"), List.of("saleout_list_query"));

        assertThat(config(Topics.raw("saleout")).get(TopicConfig.RETENTION_MS_CONFIG).value())
                .as("the raw topic is the replay source: kept forever").isEqualTo("-1");
        assertThat(config(Topics.raw("saleout")).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
        assertThat(config(Topics.rows("saleout_list_query")).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                .isEqualTo("compact");
        assertThat(config(Topics.EXTRACTOR_STATE).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
        assertThat(admin.describeTopics(List.of(Topics.raw("saleout"))).allTopicNames().get()
                .get(Topics.raw("saleout")).partitions()).hasSize(2);
    }

    @Test
    void topicEndsCountTheRecordsWritten() throws Exception {
        new TopicLayout(1, (short) 1).create(admin, List.of("order"), List.of());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(Topics.raw("order"), "o-" + i, "{}")).get();
            }
        }
        assertThat(TopicEnds.of(admin, List.of(Topics.raw("order")))).containsEntry(Topics.raw("order"), 5L);
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
