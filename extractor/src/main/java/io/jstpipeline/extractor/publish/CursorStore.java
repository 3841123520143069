package io.jstpipeline.extractor.publish;

import io.jstpipeline.common.Json;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the cursors from {@code jst.extractor.state}: the topic is read to its end with
 * {@code read_committed}, so a cursor of an aborted (crashed) transaction is never seen.
 */
public final class CursorStore implements CursorSource {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaConnection kafka;

    public CursorStore(KafkaConnection kafka) {
        this.kafka = kafka;
    }

    @Override
    public Optional<Cursor> load(String key) {
        return Optional.ofNullable(loadAll().get(key));
    }

    /** Every cursor by key: the last committed record of each key (a tombstone removes it). */
    public Map<String, Cursor> loadAll() {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Cursor> cursors = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EXTRACTOR_STATE, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed the end offsets are the last stable offsets: nothing open is waited for.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.EXTRACTOR_STATE + " to its end within "
                            + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    if (record.value() == null) {
                        cursors.remove(record.key());
                    } else {
                        cursors.put(record.key(), parse(record.value()));
                    }
                }
            }
        }
        return cursors;
    }

    static String serialize(Cursor cursor) {
        try {
            return Json.MAPPER.writeValueAsString(cursor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cursor parse(String json) {
        try {
            return Json.MAPPER.readValue(json, Cursor.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable cursor in " + Topics.EXTRACTOR_STATE + ": " + json, e);
        }
    }
}
