package io.jstpipeline.ops;

import io.jstpipeline.common.KafkaConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a consumer group is behind: records not yet consumed and committed. Offsets alone overstate it on
 * transactional topics, where each commit marker takes an offset no consumer ever commits past; so a short
 * gap is counted by reading it ({@code read_committed}), a long one by offsets.
 */
public final class ConsumerLag {

    /** Gaps up to this many offsets per partition are read to count their records. */
    private static final long READ_UP_TO = 1_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private ConsumerLag() {
    }

    /** Over every partition of {@code topics}, counting a partition the group never committed from its start. */
    public static long of(Admin admin, KafkaConnection kafka, String group, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = new HashSet<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return lag(admin, kafka, committed(admin, group), partitions);
    }

    /** Over the partitions the group has committed offsets for. */
    public static long of(Admin admin, KafkaConnection kafka, String group)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
        return lag(admin, kafka, committed, committed.keySet());
    }

    /** Per topic, over the partitions the group has committed offsets for. */
    public static Map<String, Long> byTopic(Admin admin, KafkaConnection kafka, String group)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
        Map<String, Long> lag = new TreeMap<>();
        partitionLag(admin, kafka, committed, committed.keySet())
                .forEach((partition, records) -> lag.merge(partition.topic(), records, Long::sum));
        return lag;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    private static long lag(Admin admin, KafkaConnection kafka, Map<TopicPartition, OffsetAndMetadata> committed,
                            Set<TopicPartition> partitions) throws ExecutionException, InterruptedException {
        return partitionLag(admin, kafka, committed, partitions).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> partitionLag(Admin admin, KafkaConnection kafka,
                                                          Map<TopicPartition, OffsetAndMetadata> committed,
                                                          Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> lag = new HashMap<>();
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            long from = position == null ? 0 : position.offset();
            long gap = Math.max(0, end.getValue().offset() - from);
            lag.put(end.getKey(), gap > 0 && gap <= READ_UP_TO
                    ? recordsBetween(kafka, end.getKey(), from, end.getValue().offset()) : gap);
        }
        return lag;
    }

    private static long recordsBetween(KafkaConnection kafka, TopicPartition partition, long from, long end) {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long records = 0;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofMillis(200)).records(partition).stream()
                        .filter(r -> r.offset() < end).count();
            }
            return consumer.position(partition) < end ? end - from : records;
        }
    }
}
