package io.jstpipeline.app;

import io.jstpipeline.common.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a raw topic whole, as a consumer of the pipeline would. */
public final class RawTopic {

    private RawTopic() {
    }

    /** Every record from the beginning to the end, in offset order per partition; none while the topic is missing. */
    public static List<ConsumerRecord<String, String>> read(String bootstrapServers, String topic, IsolationLevel isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
        // A reader must not create the topic with the broker's defaults before its service lays it out.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The latest record of each document by its id field: what a consumer replaying the topic ends with. */
    static Map<String, Long> latestTsById(List<ConsumerRecord<String, String>> records, String idField) throws Exception {
        Map<String, Long> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            var document = Json.MAPPER.readTree(record.value());
            latest.put(document.get(idField).asText(), document.get("ts").asLong());
        }
        return latest;
    }
}
