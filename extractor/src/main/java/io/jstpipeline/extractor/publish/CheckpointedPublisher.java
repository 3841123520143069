package io.jstpipeline.extractor.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.Topics;
import io.jstpipeline.extractor.qimen.RawDocument;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes documents and the cursor that covers them in one Kafka transaction: a crash never loses a
 * window nor commits half of one. Starting a publisher with the same transactional id aborts whatever the
 * previous (crashed) one left open.
 */
public final class CheckpointedPublisher implements AutoCloseable {

    /** The field whose value keys a document's record: an order and its outbound notes share a partition. */
    public static final String KEY_FIELD = "o_id";

    private final Producer<String, byte[]> producer;
    /** The producer's own metrics (kafka_producer_*) in Micrometer's global registry, while it lives. */
    private final KafkaClientMetrics producerMetrics;

    public CheckpointedPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
        producer.initTransactions();
        this.producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(Metrics.globalRegistry);
    }

    /**
     * A publisher whose transactions are fenced by {@code transactionalId}: per flow, merchant and role, so that
     * only a restart of the same extractor aborts what the one before left open.
     */
    public static CheckpointedPublisher start(String bootstrapServers, String transactionalId) {
        return new CheckpointedPublisher(new KafkaProducer<>(producerProperties(bootstrapServers, transactionalId)));
    }

    /**
     * An idempotent, transactional producer: no duplicates nor reordering on retries, acknowledged by all
     * in-sync replicas, batched a little and compressed.
     */
    public static Properties producerProperties(String bootstrapServers, String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        // A window's documents go at once and the commit waits for all of them: few large requests, not
        // hundreds of the default 16 KB.
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return props;
    }

    /**
     * Publishes {@code documents} to the flow's raw topic, key = {@code o_id}, value = the JSON bytes as the API
     * sent them, and moves {@code cursorKey} to {@code cursor}, all or nothing.
     *
     * @throws IllegalArgumentException when a document has no {@code o_id}; nothing is published then
     * @throws KafkaException when Kafka does not take the transaction; nothing is published then
     */
    public void publish(String flow, Collection<RawDocument> documents, String cursorKey, Cursor cursor) {
        String topic = Topics.raw(flow);
        for (RawDocument document : documents) {
            key(topic, document);
        }
        producer.beginTransaction();
        try {
            for (RawDocument document : documents) {
                producer.send(new ProducerRecord<>(topic, key(topic, document), document.json()));
            }
            producer.send(new ProducerRecord<>(Topics.EXTRACTOR_STATE, cursorKey,
                    CursorStore.serialize(cursor).getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        } catch (ProducerFencedException e) {
            throw e; // another publisher with this id took over: this one must stop
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    @Override
    public void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(30));
    }

    private static String key(String topic, RawDocument document) {
        JsonNode key = document.fields().get(KEY_FIELD);
        if (key == null || !key.isValueNode() || key.asText().isEmpty()) {
            String json = document.text();
            throw new IllegalArgumentException("a document for " + topic + " has no " + KEY_FIELD + ": "
                    + (json.length() <= 200 ? json : json.substring(0, 200) + "…"));
        }
        return key.asText();
    }
}
