package io.jstpipeline.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Each topic's end offsets, summed over its partitions: the records a topic holds when it is neither compacted
 * nor transactional (the dead-letter topics), otherwise how far it has been written, commit markers included.
 */
public final class TopicEnds {

    private TopicEnds() {
    }

    public static Map<String, Long> of(Admin admin, List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<String, Long> counts = new HashMap<>();
        topics.forEach(t -> counts.put(t, 0L));
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(latest).all().get().entrySet()) {
            counts.merge(e.getKey().topic(), e.getValue().offset(), Long::sum);
        }
        return counts;
    }
}
