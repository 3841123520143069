package io.jstpipeline.app.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group is behind the end of its topics: records not yet consumed and committed. */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** Over every partition of {@code topics}, counting a partition the group never committed from its start. */
    public static long of(Admin admin, String group, Collection<String> topics) throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = new HashSet<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return lag(admin, committed(admin, group), partitions);
    }

    /** Over the partitions the group has committed offsets for. */
    public static long of(Admin admin, String group) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group);
        return lag(admin, committed, committed.keySet());
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    private static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed,
                            Set<TopicPartition> partitions) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (position == null ? 0 : position.offset()));
        }
        return lag;
    }
}
