package io.jstpipeline.extractor;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Topics;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a flow's documents to its raw topic, one record per document: key the document's {@code o_id},
 * value its JSON text as the API sent it. The producer stays the caller's to close.
 */
public final class RawPublisher {

    /** The field whose value keys a document's record, so that a document's versions share a partition. */
    public static final String KEY_FIELD = "o_id";

    private final Producer<String, String> producer;
    private final String topic;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public RawPublisher(Producer<String, String> producer, String flow) {
        this.producer = producer;
        this.topic = Topics.raw(flow);
    }

    /**
     * Settings of an idempotent producer for the raw topics: no duplicates nor reordering on retries,
     * acknowledged by all in-sync replicas, batched a little and compressed.
     */
    public static Properties producerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return props;
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends the document; a failed send surfaces at the next {@link #flush()}.
     *
     * @throws IllegalArgumentException when the document has no {@code o_id}
     */
    public void publish(RawDocument document) {
        JsonNode key = document.tree().get(KEY_FIELD);
        if (key == null || !key.isValueNode() || key.asText().isEmpty()) {
            throw new IllegalArgumentException("a document for " + topic + " has no " + KEY_FIELD + ": "
                    + abbreviate(document.json()));
        }
        producer.send(new ProducerRecord<>(topic, key.asText(), document.json()), (metadata, e) -> {
            if (e != null) {
                firstFailure.compareAndSet(null, e);
            }
        });
    }

    /**
     * Waits until every document sent so far is acknowledged.
     *
     * @throws KafkaException when a send failed
     */
    public void flush() {
        producer.flush();
        Exception failure = firstFailure.getAndSet(null);
        if (failure != null) {
            throw new KafkaException("publishing to " + topic + " failed", failure);
        }
    }

    private static String abbreviate(String json) {
        return json.length() <= 200 ? json : json.substring(0, 200) + "…";
    }
}
