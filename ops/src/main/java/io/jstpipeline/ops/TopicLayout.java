package io.jstpipeline.ops;

import io.jstpipeline.common.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The pipeline's topics and why each is configured as it is. Created up front, so that partition
 * counts are chosen rather than left to broker defaults.
 */
public final class TopicLayout {

    /** Partitions of every topic when none are configured ({@code kafka.partitions}). */
    public static final int DEFAULT_PARTITIONS = 3;

    private final int partitions;
    private final short replicationFactor;

    public TopicLayout(int partitions, short replicationFactor) {
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    public List<NewTopic> topics(List<String> flows, List<String> tables) {
        List<NewTopic> topics = new ArrayList<>();
        for (String flow : flows) {
            // The source of truth for replays: kept forever and never compacted, because several
            // outbound notes share one o_id key and compaction would keep only the last of them.
            topics.add(topic(Topics.raw(flow), partitions, Map.of(
                    TopicConfig.RETENTION_MS_CONFIG, "-1",
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)));
        }
        for (String table : tables) {
            // One record per row id: compaction keeps each row's current state for new consumers.
            topics.add(topic(Topics.rows(table), partitions, Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            topics.add(topic(Topics.sinkDlq(table), 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        topics.add(topic(Topics.TRANSFORM_DLQ, 1, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")));
        // The extractor's cursors: the latest per key is all that matters.
        topics.add(topic(Topics.EXTRACTOR_STATE, 1, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return topics;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void create(Admin admin, List<String> flows, List<String> tables) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = topics(flows, tables).stream()
                .filter(t -> !existing.contains(t.name()))
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
    }

    private NewTopic topic(String name, int count, Map<String, String> configs) {
        return new NewTopic(name, count, replicationFactor).configs(configs);
    }
}
