package io.jstpipeline.ops;

import io.jstpipeline.common.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The records of the dead-letter topics: read whole or by offsets, and summed up per topic and reason. */
public final class DeadLetters {

    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * A dead-letter topic at a glance.
     *
     * @param replayed how many of its records {@code dlq replay} sent back ({@link ReplayLedger})
     * @param reasons  the most frequent reasons, most frequent first
     * @param others   how many more reasons there are
     */
    public record Summary(String topic, long records, long replayed, List<ReasonCount> reasons, int others) {
    }

    /** How many records of a topic give one reason. */
    public record ReasonCount(String reason, long records) {
    }

    /** Records of a topic: every partition, or one, from an offset to another (both included). */
    public record Range(Integer partition, long from, long to) {
        public static final Range ALL = new Range(null, 0, Long.MAX_VALUE);

        boolean covers(int candidate) {
            return partition == null || partition == candidate;
        }
    }

    private DeadLetters() {
    }

    /** Every committed record of {@code topic} now, in partition order; none when the topic does not exist. */
    public static List<DeadLetter> read(KafkaConnection kafka, String topic) {
        return read(kafka, topic, Range.ALL);
    }

    /** The committed records of {@code topic} in {@code range}, in partition order. */
    public static List<DeadLetter> read(KafkaConnection kafka, String topic, Range range) {
        List<DeadLetter> letters = new ArrayList<>();
        scan(kafka, topic, range, record -> letters.add(DeadLetter.of(record)));
        return letters;
    }

    /**
     * Each topic's records, how many were replayed, and its {@code reasons} most frequent reasons.
     *
     * @param replays the ledger's replays ({@link ReplayLedger#read})
     */
    public static List<Summary> summarize(KafkaConnection kafka, List<String> topics,
                                          Map<DeadLetter.Place, ReplayLedger.Replay> replays, int reasons) {
        List<Summary> summaries = new ArrayList<>();
        for (String topic : topics) {
            List<DeadLetter> letters = read(kafka, topic);
            Map<String, Long> byReason = letters.stream().collect(Collectors.groupingBy(
                    letter -> String.valueOf(letter.reason()), TreeMap::new, Collectors.counting()));
            List<ReasonCount> counts = byReason.entrySet().stream()
                    .map(e -> new ReasonCount(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingLong(ReasonCount::records).reversed()).toList();
            long replayed = letters.stream().filter(letter -> replays.containsKey(letter.place())).count();
            summaries.add(new Summary(topic, letters.size(), replayed, counts.subList(0, Math.min(reasons,
                    counts.size())), Math.max(0, counts.size() - reasons)));
        }
        return summaries;
    }

    /**
     * Hands every committed record of {@code topic} in {@code range} to {@code each}, partition by partition, as
     * bytes; nothing when the topic does not exist.
     */
    static void scan(KafkaConnection kafka, String topic, Range range, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .filter(p -> range.covers(p.partition()))
                    .map(p -> new TopicPartition(topic, p.partition())).sorted(Comparator.comparingInt(
                            TopicPartition::partition)).toList();
            // Assigned while their offsets are asked: the answer for one not assigned is dropped with a warning.
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition partition : partitions) {
                // One partition at a time: the records come in partition order, and each stops at its own end.
                long stop = Math.min(ends.get(partition), range.to() == Long.MAX_VALUE ? Long.MAX_VALUE : range.to() + 1);
                long start = Math.max(starts.get(partition), range.from());
                if (start >= stop) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, start);
                while (consumer.position(partition) < stop) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        if (record.offset() < stop) {
                            each.accept(record);
                        }
                    }
                }
            }
        }
    }
}
