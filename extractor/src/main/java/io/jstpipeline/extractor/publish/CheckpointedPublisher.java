package io.jstpipeline.extractor.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.jstpipeline.common.KafkaConnection;
import io.jstpipeline.common.Topics;
import io.jstpipeline.extractor.qimen.RawDocument;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes documents and the cursor that covers them in one Kafka transaction: a crash never loses a
 * window nor commits half of one. Starting a publisher with the same transactional id aborts whatever the
 * previous (crashed) one left open. A document Kafka could not take as it is (no key, too large) would fail its
 * window's transaction on every run: it is parked in {@value Topics#EXTRACT_DLQ} in the same transaction instead,
 * and the window goes on.
 */
public final class CheckpointedPublisher implements AutoCloseable {

    /** The field whose value keys a document's record: an order and its outbound notes share a partition. */
    public static final String KEY_FIELD = "o_id";
    /**
     * Kafka's own upper bound of the bytes a record adds to its key and value in a batch of one: 61 of batch header
     * and at most 21 of record header. The producer compares that sum with {@code max.request.size}.
     */
    private static final int RECORD_OVERHEAD = 61 + 21;
    /** How much of a document too large for its topic its dead letter keeps: enough to recognise it. */
    static final int TOO_LARGE_HEAD_BYTES = 8 * 1024;
    private static final int DEFAULT_MAX_REQUEST_SIZE =
            (Integer) ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

    /** Makes the producer, again after another writer of its transactional id fenced the one before. */
    private final Supplier<Producer<String, byte[]>> producers;
    /** The largest record each topic takes from this producer. */
    private final ToIntFunction<String> recordLimit;
    private Producer<String, byte[]> producer;
    /** The producer's own metrics (kafka_producer_*) in Micrometer's global registry, while it lives. */
    private KafkaClientMetrics producerMetrics;
    /** Whether another writer fenced the producer: the next publish starts a new one. */
    private boolean fenced;

    /** A publisher whose records may be as large as a default producer sends. */
    public CheckpointedPublisher(Producer<String, byte[]> producer) {
        this(producer, topic -> DEFAULT_MAX_REQUEST_SIZE);
    }

    /** @param recordLimit the largest record, key and value and Kafka's overhead, each topic takes from it */
    public CheckpointedPublisher(Producer<String, byte[]> producer, ToIntFunction<String> recordLimit) {
        this(() -> producer, recordLimit);
    }

    private CheckpointedPublisher(Supplier<Producer<String, byte[]>> producers, ToIntFunction<String> recordLimit) {
        this.producers = producers;
        this.recordLimit = recordLimit;
        open();
    }

    private void open() {
        producer = producers.get();
        producer.initTransactions();
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(Metrics.globalRegistry);
    }

    /**
     * A publisher whose transactions are fenced by {@code transactionalId}: per flow, merchant and role, so that
     * only a restart of the same extractor aborts what the one before left open. Its records are kept within the
     * producer's {@code max.request.size} and each raw topic's {@code max.message.bytes}.
     */
    public static CheckpointedPublisher start(KafkaConnection kafka, String transactionalId) {
        return new CheckpointedPublisher(() -> new KafkaProducer<>(producerProperties(kafka, transactionalId)),
                new TopicRecordLimit(kafka, DEFAULT_MAX_REQUEST_SIZE));
    }

    /**
     * An idempotent, transactional producer: no duplicates nor reordering on retries, acknowledged by all
     * in-sync replicas, batched a little and compressed.
     */
    public static Properties producerProperties(KafkaConnection kafka, String transactionalId) {
        Properties props = kafka.properties();
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
     * Publishes the batch's documents to the flow's raw topic, key = {@code o_id}, value = the JSON bytes as the API
     * sent them, and moves {@code cursorKey} to {@code cursor}, all or nothing. A document without {@code o_id} or
     * its id, or whose record is larger than the topic takes, goes to {@value Topics#EXTRACT_DLQ} instead, in the
     * same transaction, with the flow, window, page and reason in its headers.
     *
     * @return the documents parked
     * @throws CursorTakenOverException when another writer of the cursor fenced this one: nothing is published, and
     *                                  the next call publishes with a new producer
     * @throws KafkaException when Kafka does not take the transaction; nothing is published then
     */
    public List<ParkedDocument> publish(DocumentBatch batch, String cursorKey, Cursor cursor) {
        String topic = Topics.raw(batch.flow());
        int limit = recordLimit.applyAsInt(topic);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.documents().size() + 1);
        List<ParkedDocument> parked = new ArrayList<>();
        for (RawDocument document : batch.documents()) {
            String key = text(document, KEY_FIELD);
            ParkedDocument unpublishable = unpublishable(document, key, batch.idField(), topic, limit);
            if (unpublishable == null) {
                records.add(new ProducerRecord<>(topic, key, document.json()));
            } else {
                parked.add(unpublishable);
                records.add(deadLetter(batch, document, unpublishable));
            }
        }
        records.add(new ProducerRecord<>(Topics.EXTRACTOR_STATE, cursorKey,
                CursorStore.serialize(cursor).getBytes(StandardCharsets.UTF_8)));
        if (fenced) {
            close();
            open();
            fenced = false;
        }
        try {
            producer.beginTransaction();
            records.forEach(producer::send);
            producer.commitTransaction();
        } catch (KafkaException e) {
            if (CursorTakenOverException.fencing(e)) {
                // A fenced producer can do nothing more, not even abort: the broker has aborted its transaction.
                fenced = true;
                throw new CursorTakenOverException(cursorKey, e);
            }
            producer.abortTransaction();
            throw e;
        }
        return parked;
    }

    /** Commits {@code cursor} alone, e.g. the range of a run before its first window. */
    public void commit(String flow, String cursorKey, Cursor cursor) {
        publish(new DocumentBatch(flow, KEY_FIELD, "no window", List.of()), cursorKey, cursor);
    }

    @Override
    public void close() {
        producerMetrics.close();
        producer.close(Duration.ofSeconds(30));
    }

    /**
     * Why the document cannot go to {@code topic} as it is, or null when it can. Size first: the dead letter of a
     * document too large keeps only its head, whatever else it lacks.
     */
    private static ParkedDocument unpublishable(RawDocument document, String key, String idField, String topic,
                                                int limit) {
        int size = RECORD_OVERHEAD + (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length)
                + document.json().length;
        if (size > limit) {
            return new ParkedDocument(key, document.page(), ParkedDocument.Reason.TOO_LARGE,
                    "the document's record of " + size + " bytes is over the limit of " + limit + " bytes of " + topic);
        }
        if (key == null) {
            return new ParkedDocument(null, document.page(), ParkedDocument.Reason.NO_KEY,
                    "the document has no " + KEY_FIELD + " to key its record");
        }
        if (text(document, idField) == null) {
            return new ParkedDocument(key, document.page(), ParkedDocument.Reason.NO_ID,
                    "the document has no " + idField + ", its id");
        }
        return null;
    }

    /** The document, or the head of one too large, keyed as it would be, with where it came from and why. */
    private static ProducerRecord<String, byte[]> deadLetter(DocumentBatch batch, RawDocument document,
                                                             ParkedDocument parked) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "jst.error.reason", parked.detail());
        header(headers, "jst.source.flow", batch.flow());
        header(headers, "jst.source.window", batch.read());
        header(headers, "jst.source.page", Integer.toString(parked.page()));
        header(headers, "jst.document.bytes", Integer.toString(document.json().length));
        byte[] value = parked.reason() == ParkedDocument.Reason.TOO_LARGE
                ? Arrays.copyOf(document.json(), Math.min(document.json().length, TOO_LARGE_HEAD_BYTES))
                : document.json();
        return new ProducerRecord<>(Topics.EXTRACT_DLQ, null, parked.key(), value, headers);
    }

    private static void header(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The field's value as text, or null when it is missing, not a value or empty. */
    private static String text(RawDocument document, String field) {
        JsonNode value = document.fields().get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
