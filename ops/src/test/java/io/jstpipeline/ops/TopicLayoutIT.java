package io.jstpipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jstpipeline.common.Topics;
import io.jstpipeline.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topic layout on a real broker: what each role needs, created once, checked, and the ends the tools read. */
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
        List<TopicLayout.Topic> topics = layout.all(List.of("saleout"), List.of("saleout_list_query"));
        assertThat(layout.create(admin, topics)).contains(Topics.EXTRACTOR_STATE, Topics.raw("saleout"),
                Topics.rows("saleout_list_query"), Topics.EXTRACT_DLQ, Topics.TRANSFORM_DLQ,
                Topics.sinkDlq("saleout_list_query"), Topics.DLQ_REPLAYED);
        assertThat(layout.create(admin, topics)).isEmpty();

        assertThat(value(Topics.raw("saleout"), TopicConfig.RETENTION_MS_CONFIG))
                .as("the raw topic is the replay source: kept forever").isEqualTo("-1");
        assertThat(value(Topics.raw("saleout"), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("delete");
        assertThat(value(Topics.rows("saleout_list_query"), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
        assertThat(value(Topics.rows("saleout_list_query"), TopicConfig.DELETE_RETENTION_MS_CONFIG))
                .as("a delete outlives a consumer away for days, not the broker's one day")
                .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
        assertThat(value(Topics.EXTRACTOR_STATE, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
        assertThat(value(Topics.DLQ_REPLAYED, TopicConfig.CLEANUP_POLICY_CONFIG))
                .as("the latest replay of each dead letter, never aged out").isEqualTo("compact");
        assertThat(value(Topics.EXTRACT_DLQ, TopicConfig.RETENTION_MS_CONFIG))
                .as("documents the extractor parked are kept until someone acts on them").isEqualTo("-1");
        assertThat(admin.describeTopics(List.of(Topics.raw("saleout"))).allTopicNames().get()
                .get(Topics.raw("saleout")).partitions()).hasSize(2);
        assertThat(layout.check(admin, topics, kafka.bootstrapServers())).isEmpty();
    }

    @Test
    void instancesStartingAtOnceCreateEachTopicOnce() throws Exception {
        TopicLayout layout = new TopicLayout(1, (short) 1);
        List<TopicLayout.Topic> topics = layout.transformerTopics(List.of("race_a", "race_b", "race_c"));
        ExecutorService instances = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> created = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                created.add(instances.submit(() -> layout.create(admin, topics)));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> each : created) {
                all.addAll(each.get());
            }
            assertThat(all).as("no instance failed, each topic created by one of them")
                    .doesNotHaveDuplicates().containsAll(topics.stream().map(TopicLayout.Topic::name)
                            .filter(name -> !name.equals(Topics.TRANSFORM_DLQ) && !name.equals(Topics.TRANSFORM_CLEANED)).toList());
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void aStateTopicThatDeletesStopsTheServiceWithOneLineNamingTheTopicSettingAndFix() throws Exception {
        String state = Topics.EXTRACTOR_STATE;
        // A broker's auto-creation, or a hand-made topic: the default policy, 7 days.
        TopicLayout layout = new TopicLayout(1, (short) 1);
        admin.deleteTopics(List.of(state)).all().get();
        awaitGone(state);
        admin.createTopics(List.of(new NewTopic(state, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")))).all().get();

        assertThatThrownBy(() -> layout.ensure(admin, layout.extractorTopics(List.of("order")),
                kafka.bootstrapServers()))
                .isInstanceOf(TopicLayout.TopicMismatchException.class)
                .hasMessage("topic jst.extractor.state has cleanup.policy=delete but must have compact (the "
                        + "extractor's cursors: the latest per key, never aged out); fix: jst-pipeline topics apply, "
                        + "or kafka-configs.sh --bootstrap-server " + kafka.bootstrapServers() + " --alter "
                        + "--entity-type topics --entity-name jst.extractor.state --add-config cleanup.policy=compact");

        assertThat(layout.repair(admin, layout.extractorTopics(List.of("order")), kafka.bootstrapServers())).isEmpty();
        assertThat(value(state, TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
    }

    @Test
    void aRowTopicWithFewerPartitionsThanConfiguredIsReportedNotChanged() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.rows("narrow"), 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")))).all().get();
        TopicLayout layout = new TopicLayout(3, (short) 1);

        List<TopicLayout.Problem> left = layout.repair(admin, layout.transformerTopics(List.of("narrow")),
                kafka.bootstrapServers());

        assertThat(left).singleElement().satisfies(problem -> {
            assertThat(problem.topic()).isEqualTo(Topics.rows("narrow"));
            assertThat(problem.line()).contains("partitions=1 but must have at least 3 (kafka.partitions)")
                    .contains("--partitions 3");
        });
    }

    @Test
    void aRowTopicKeepingDeletesOnlyTheBrokersDayIsReportedAndRepaired() throws Exception {
        // As the row topics of an earlier version were laid out: compacted, deletes kept the broker's default day.
        admin.createTopics(List.of(new NewTopic(Topics.rows("day_deletes"), 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact")))).all().get();
        TopicLayout layout = new TopicLayout(1, (short) 1, Duration.ofDays(10));
        List<TopicLayout.Topic> rows = layout.transformerTopics(List.of("day_deletes"));

        assertThat(layout.check(admin, rows, kafka.bootstrapServers())).singleElement().satisfies(problem ->
                assertThat(problem.line()).startsWith("topic jst.rows.day_deletes has delete.retention.ms=86400000 "
                        + "but must have 864000000"));
        assertThat(layout.repair(admin, rows, kafka.bootstrapServers())).isEmpty();
        assertThat(value(Topics.rows("day_deletes"), TopicConfig.DELETE_RETENTION_MS_CONFIG)).isEqualTo("864000000");
    }

    @Test
    void topicEndsCountTheRecordsWritten() throws Exception {
        TopicLayout layout = new TopicLayout(1, (short) 1);
        layout.create(admin, layout.extractorTopics(List.of("ends")));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(Topics.raw("ends"), "o-" + i, "{}")).get();
            }
        }
        assertThat(TopicEnds.of(admin, List.of(Topics.raw("ends")))).containsEntry(Topics.raw("ends"), 5L);
    }

    private static String value(String topic, String setting) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get(setting).value();
    }

    private static void awaitGone(String topic) throws Exception {
        for (int i = 0; i < 100 && admin.listTopics().names().get().contains(topic); i++) {
            Thread.sleep(100);
        }
    }
}
